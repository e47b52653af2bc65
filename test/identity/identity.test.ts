import { describe, expect, test } from '@jest/globals';
import { STRANGER_REFUSAL } from '../../src/bot/handleMessage.js';
import type { Outgoing } from '../../src/core/types.js';
import { GROUP, KEY_PERSON, makeBot, makeBoundBot, snapshot, testCampaign, textOf } from '../kit/testBot.js';

const texts = (out: { reply: unknown }[]) =>
  out.map(
    (o) =>
      (o.reply as { text?: string; file?: string }).text ?? `[file] ${(o.reply as { file: string }).file}`,
  );

describe('a person is their key, never their display name', () => {
  test('renaming oneself to a supervisor, an admin or a caseworker gives no rights and no data', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null);
    const before = snapshot(bot);
    // mallory joined the group, then chose the names of the people who hold rights
    for (const name of ['王科长', '管理员', '张敏']) {
      const inGroup = texts(await bot.sendAs('mallory', name, '#台账 全部'));
      expect(inGroup.join('\n')).toMatch(/还没有绑定单位|仅限/);
      const list = texts(await bot.sendAs('mallory', name, '#重点人员列表', null)).join('\n');
      expect(list).not.toMatch(/刘某某|非法持有毒品/);
      expect(list).toMatch(/还没有绑定单位/);
      const exp = await bot.sendAs('mallory', name, '#导出 重点人员', null);
      expect(exp.every((o) => !('file' in o.reply))).toBe(true);
      expect(texts(await bot.sendAs('mallory', name, '#批准', null)).join('')).toMatch(/仅限管理员和督导/);
      expect(texts(await bot.sendAs('mallory', name, '#解绑 张敏', null)).join('')).toMatch(/仅限管理员/);
      expect(texts(await bot.sendAs('mallory', name, '#删除 P1 重复', null)).join('')).toMatch(
        /还没有绑定单位/,
      );
      expect(texts(await bot.sendAs('mallory', name, '#我', null))).toEqual([
        `${name}：未绑定单位。请发送 #绑定 单位名（例如 #绑定 东城司法所）`,
      ]);
    }
    expect(snapshot(bot)).toBe(before);
    await bot.close();
  });

  test('a stranger gets one polite refusal for each private message, and nothing else', async () => {
    const bot = await makeBoundBot();
    const before = snapshot(bot);
    for (const text of ['#绑定 东城司法所', '#重点人员列表', '你好', '#帮助', '#认领 123456']) {
      const out = await bot.sendAs('stranger', '王科长', text, null);
      expect(out).toEqual([
        expect.objectContaining({ to: { person: 'stranger' }, reply: { text: STRANGER_REFUSAL } }),
      ]);
    }
    expect(snapshot(bot)).toBe(before);
    // someone in the work group is no stranger in a private chat
    await bot.sendAs('member', '赵六', '今天开会', GROUP);
    expect(texts(await bot.sendAs('member', '赵六', '#我', null))).toEqual([
      '赵六：未绑定单位。请发送 #绑定 单位名（例如 #绑定 东城司法所）',
    ]);
    await bot.close();
  });

  test('a request waits until approved; approvers are told privately, the person is told when approved', async () => {
    const bot = await makeBot();
    const asked = await bot.send('zhao', '#绑定 南城');
    expect(texts(asked)[0]).toMatch(
      /^已收到您的绑定申请（编号 (\d+)）：南城司法所。需经管理员或督导批准后生效/,
    );
    const no = /编号 (\d+)/.exec(texts(asked)[0] ?? '')?.[1];
    // admins and supervisors hear of it privately
    expect(asked.slice(1).map((o) => o.to)).toEqual([{ person: '管理员' }, { person: '王科长' }]);
    expect(texts(asked.slice(1))[0]).toMatch(new RegExp(`【绑定申请 ${no}】zhao 申请绑定：南城司法所`));
    // until then: #帮助, #我, #进度 only
    expect(await bot.say('zhao', '#走访 3')).toMatch(/正在等待管理员或督导批准/);
    expect(await bot.say('zhao', '#我')).toMatch(/等待批准/);
    expect(await bot.say('zhao', '#进度')).toMatch(/附件/);
    expect(bot.store.state.figures).toHaveLength(0);
    // a caseworker cannot approve; a supervisor can
    await bot.close();
    const b2 = await makeBoundBot();
    await b2.send('zhao', '#绑定 南城');
    expect(await b2.say('张敏', '#批准 zhao', null)).toMatch(/仅限管理员和督导/);
    expect(await b2.say('王科长', '#批准', null)).toMatch(/zhao → 南城司法所/);
    const ok = await b2.send('王科长', '#批准 zhao', null);
    expect(texts(ok)).toEqual([
      expect.stringMatching(/^已批准：zhao → 南城司法所/),
      expect.stringMatching(/已批准：南城司法所/),
    ]);
    expect(ok[1]?.to).toEqual({ person: 'zhao' });
    expect(await b2.say('zhao', '#走访 3')).toMatch(/走访/);
    expect(b2.store.state.figures).toHaveLength(1);
    // the grant is in the history with who approved it
    expect(await b2.say('zhao', '#我')).toBe('zhao：南城司法所 · 司法所工作人员');
    await b2.close();
  });

  test('refusal, same-name requests told apart by number, supervisor role only from an admin', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('a1', '刘洋', '#绑定 南城');
    await bot.sendAs('a2', '刘洋', '#绑定 西城', GROUP);
    expect(await bot.say('管理员', '#批准 刘洋', null)).toMatch(
      /有 2 个名为“刘洋”的申请，无法区分，请用编号/,
    );
    const no = Object.values(bot.store.state.requests).find((r) => r.unit === '南城司法所')?.no;
    const refused = await bot.send('管理员', `#拒绝 ${no}`, null);
    expect(texts(refused)[0]).toMatch(/^已拒绝：刘洋 → 南城司法所/);
    expect(refused[1]?.to).toEqual({ person: 'a1' });
    expect(await bot.sendAs('a1', '刘洋', '#我', GROUP).then(texts)).toEqual([
      expect.stringMatching(/未绑定/),
    ]);
    expect(Object.keys(bot.store.state.requests)).toEqual(['a2']);
    // a supervisor may approve units, not roles
    await bot.sendAs('s1', '钱督导', '#绑定 督导');
    expect(await bot.say('王科长', '#批准 钱督导', null)).toMatch(/没有找到/);
    // a role is approved by its number only, and the reply names the role
    expect(await bot.say('管理员', '#批准 钱督导', null)).toMatch(
      /申请的是角色督导人员.*只能用编号批准：#批准 \d+/,
    );
    expect(bot.store.state.roles.s1).toBeUndefined();
    const role = bot.store.state.requests.s1?.no;
    expect(await bot.say('管理员', `#批准 ${role}`, null)).toMatch(/^已批准：钱督导 → 督导人员（角色：/);
    expect(await bot.sendAs('s1', '钱督导', '#我', GROUP).then(texts)).toEqual([
      '钱督导：全部单位 · 督导（区社区矫正管理局）',
    ]);
    await bot.close();
  });

  test('people on the roster need no approval; binding to their own unit confirms it; a change of unit waits', async () => {
    const bot = await makeBot({
      campaign: testCampaign({ people: [{ key: 'zm', name: '张敏', unit: '东城司法所' }] }),
    });
    // shown under the roster's name, whatever the chat app displays
    expect(await bot.say('zm', '#我')).toBe('张敏：东城司法所 · 司法所工作人员');
    expect(await bot.say('zm', '#绑定 东城')).toMatch(/已绑定 东城司法所，无需重复绑定/);
    expect(await bot.say('zm', '#绑定 西城')).toMatch(/绑定申请.*西城司法所（目前：东城司法所，批准前不变）/);
    expect(await bot.say('zm', '#走访 1')).toMatch(/走访/);
    expect(bot.store.state.figures[0]?.unit).toBe('东城司法所');
    await bot.close();
  });

  test('the first admin claims the role with the one-time code; wrong codes end it', async () => {
    const bot = await makeBot({ campaign: testCampaign({ admins: [] }) });
    const { oneTimeCode } = await import('../../src/core/oneTimeCode.js');
    bot.deps.claim = oneTimeCode('424242');
    expect(await bot.say('boss', '#认领 111111', null)).toMatch(/验证码不对/);
    expect(await bot.say('boss', '#认领 424242', null)).toMatch(/^已认领：boss 成为管理员/);
    expect(await bot.say('boss', '#我', null)).toMatch(/管理员/);
    expect(await bot.say('other', '#认领 424242', null)).toBe(STRANGER_REFUSAL);
    expect(bot.store.state.roles.boss).toMatchObject({ admin: true, by: 'boss' });

    const b2 = await makeBot({ campaign: testCampaign({ admins: [] }) });
    b2.deps.claim = oneTimeCode('424242', 2);
    await b2.say('x', '#认领 000000', null);
    await b2.say('x', '#认领 000001', null);
    expect(await b2.say('x', '#认领 424242', null)).toMatch(/验证码已失效/);
    expect(b2.store.state.roles).toEqual({});
    await bot.close();
    await b2.close();
  });

  test('sent together: two #绑定 file one request, the same #重点人员 twice registers it once', async () => {
    const bot = await makeBoundBot();
    await bot.say('zhao', '大家好'); // a member of the work group
    const start = bot.sent.length;
    await Promise.all([bot.send('zhao', '#绑定 南城'), bot.send('zhao', '#绑定 南城')]);
    const replies = () => texts(bot.sent.slice(start).filter((o) => o.inReplyTo !== undefined));
    expect(Object.keys(bot.store.state.requests)).toEqual(['zhao']);
    expect(replies()).toEqual([
      expect.stringMatching(/^已收到您的绑定申请/),
      expect.stringMatching(/已在等待批准/),
    ]);

    const mid = bot.sent.length;
    await Promise.all([bot.send('张敏', KEY_PERSON, null), bot.send('张敏', KEY_PERSON, null)]);
    expect(bot.store.state.keyPersons.map((k) => k.name)).toEqual(['刘某某']);
    expect(texts(bot.sent.slice(mid).filter((o) => o.inReplyTo !== undefined))).toEqual([
      expect.stringMatching(/^已登记 P1/),
      expect.stringMatching(/确认：是/),
    ]);
    await bot.close();
  });

  test("every change of a request is announced and voids the old number, up to a bound; a name that is a key person's is flagged; the list stays private", async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null); // 刘某某, a key person of 东城
    const notices = (out: Outgoing[]) => out.filter((o) => o.inReplyTo === undefined);
    await bot.sendAs('zhao', '赵六', '大家好');
    expect(notices(await bot.sendAs('zhao', '赵六', '#绑定 东城'))).toHaveLength(2); // admin and supervisor
    // the same request again tells nobody; a changed one is always announced, naming the number it voids
    expect(notices(await bot.sendAs('zhao', '赵六', '#绑定 东城'))).toEqual([]);
    for (const unit of ['西城', '东城', '西城', '东城', '西城']) {
      const told = notices(await bot.sendAs('zhao', '赵六', `#绑定 ${unit}`));
      expect(told).toHaveLength(2);
      expect(texts(told)[0]).toMatch(
        new RegExp(`申请绑定：${unit}司法所[\\s\\S]*取代编号 \\d+ 的申请[\\s\\S]*已作废`),
      );
    }
    // changes are bounded: the sixth is refused and nothing changes
    const before = bot.store.state.requests.zhao?.no;
    expect(await bot.sendAs('zhao', '赵六', '#绑定 南城', null).then(texts)).toEqual([
      expect.stringMatching(/已修改 5 次，不能再改/),
    ]);
    expect(bot.store.state.requests.zhao?.no).toBe(before);
    await bot.say('管理员', `#拒绝 ${before}`, null);
    expect(notices(await bot.sendAs('zhao', '赵六', '#绑定 南城'))).toHaveLength(2);

    await bot.sendAs('liu', '刘某某', '大家好');
    const flagged = notices(await bot.sendAs('liu', '刘某某', '#绑定 西城'));
    expect(texts(flagged)[0]).toMatch(/注意：申请人的显示名与一名重点人员同名/);

    const inGroup = await bot.say('王科长', '#批准');
    expect(inGroup).toMatch(/请私聊机器人发送 #批准/);
    expect(inGroup).not.toMatch(/赵六|刘/);
    const no = bot.store.state.requests.zhao?.no;
    const approved = await bot.send('王科长', `#批准 ${no}`);
    expect(approved.map((o) => [o.to, textOf(o)])).toEqual([
      [{ room: GROUP }, `已批准编号 ${no} 的申请：南城司法所`],
      [{ person: 'zhao' }, expect.stringMatching(/^您的绑定申请已批准：南城司法所/)],
    ]);
    expect(await bot.say('王科长', '#批准', null)).toMatch(/刘某某 → 西城司法所/);
    await bot.close();
  });
});

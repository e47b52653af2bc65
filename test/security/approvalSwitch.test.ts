import { describe, expect, test } from '@jest/globals';
import type { Outgoing } from '../../src/core/types.js';
import { makeBoundBot, textOf } from '../kit/testBot.js';

const texts = (out: Outgoing[]) => out.map(textOf);
/** what approvers are told privately (not the reply to the requester) */
const notices = (out: Outgoing[]) => out.filter((o) => o.inReplyTo === undefined);
const told = (out: Outgoing[], person: string) =>
  notices(out)
    .filter((o) => 'person' in o.to && o.to.person === person)
    .map(textOf);

describe('a request, once announced, never changes: what an approver approves is what they were told', () => {
  test('unit switch: the new unit is announced to every approver, the old number approves nothing', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('xw', '小王', '大家好');
    const first = await bot.sendAs('xw', '小王', '#绑定 东城');
    expect(told(first, '管理员')).toEqual([
      expect.stringMatching(/^【绑定申请 1】小王 申请绑定：东城司法所/),
    ]);
    const second = await bot.sendAs('xw', '小王', '#绑定 西城');
    // both approvers are told again, the notice states the unit and voids number 1
    for (const approver of ['管理员', '王科长'])
      expect(told(second, approver)).toEqual([
        expect.stringMatching(
          /^【绑定申请 2】小王 申请绑定：西城司法所[\s\S]*取代编号 1 的申请：东城司法所。编号 1 已作废/,
        ),
      ]);
    expect(texts(second)[0]).toMatch(/原申请（编号 1：东城司法所）已撤回/);

    // the admin follows the first notice: refused plainly, nothing granted
    expect(await bot.say('管理员', '#批准 1', null)).toMatch(
      /^编号 1 的申请（东城司法所）已被申请人撤回，现为编号 2：西城司法所。编号 1 已作废，没有批准任何内容/,
    );
    // by name: the request changed, so only its number approves it
    expect(await bot.say('管理员', '#批准 小王', null)).toMatch(
      /修改过（现为编号 2：西城司法所），请核实后用编号批准/,
    );
    expect(await bot.say('管理员', '#批准 小王')).toMatch(/按名字只能批准未修改过的单位申请/);
    expect(bot.store.state.bindings.xw).toBeUndefined();
    expect(await bot.say('管理员', '#批准 2', null)).toMatch(/^已批准：小王 → 西城司法所（编号 2）/);
    expect(bot.store.state.bindings.xw?.unit).toBe('西城司法所');
    await bot.close();
  });

  test('role switch: a unit request turned into 管理员 is approved only by its number, and the reply names the role', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('xw', '小王', '大家好');
    await bot.sendAs('xw', '小王', '#绑定 东城');
    const switched = await bot.sendAs('xw', '小王', '#绑定 管理员');
    // admins hear of the role and what it grants; the supervisor, who may not approve roles, that 1 is void
    expect(told(switched, '管理员')).toEqual([
      expect.stringMatching(/^【绑定申请 2】小王 申请绑定：管理员（角色：全部单位[\s\S]*编号 1 已作废/),
    ]);
    expect(told(switched, '王科长')).toEqual([expect.stringMatching(/^【绑定申请 1 已作废】/)]);

    for (const attempt of ['#批准 小王', '#批准 1']) await bot.say('管理员', attempt, null);
    expect(await bot.say('王科长', '#批准 1', null)).toMatch(/已作废，没有批准任何内容/);
    expect(await bot.say('管理员', '#批准 小王', null)).toMatch(
      /申请的是角色管理员（角色：.*只能用编号批准：#批准 2/,
    );
    expect(bot.store.state.roles.xw).toBeUndefined();
    expect(bot.store.state.bindings.xw).toBeUndefined();
    // the supervisor cannot approve a role even by number
    expect(await bot.say('王科长', '#批准 2', null)).toMatch(/没有找到/);
    expect(await bot.say('管理员', '#批准 2', null)).toMatch(
      /^已批准：小王 → 管理员（角色：全部单位，批准任何申请，解绑，导出重点人员）（编号 2）/,
    );
    expect(bot.store.state.roles.xw?.admin).toBe(true);
    await bot.close();
  });

  test('two approvers acting at once on a request that changes: nothing is granted that was not announced as such', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('xw', '小王', '大家好');
    await bot.sendAs('xw', '小王', '#绑定 东城');
    await Promise.all([
      bot.send('管理员', '#批准 1', null),
      bot.sendAs('xw', '小王', '#绑定 管理员'),
      bot.send('王科长', '#批准 1', null),
    ]);
    // whatever the order: never an admin by approving number 1, and at most the 东城 binding it announced
    expect(bot.store.state.roles.xw).toBeUndefined();
    const unit = bot.store.state.bindings.xw?.unit;
    expect([undefined, '东城司法所']).toContain(unit);
    const grants = bot.sent.filter((o) => /^已批准/.test(textOf(o)));
    expect(grants.length).toBeLessThanOrEqual(1);
    for (const g of grants) expect(textOf(g)).toMatch(/东城司法所（编号 1）/);
    await bot.close();
  });

  test('the same request again tells nobody and keeps its number', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('xw', '小王', '大家好');
    await bot.sendAs('xw', '小王', '#绑定 东城');
    const again = await bot.sendAs('xw', '小王', '#绑定 东城');
    expect(notices(again)).toEqual([]);
    expect(texts(again)).toEqual([expect.stringMatching(/已在等待批准（编号 1）/)]);
    await bot.close();
  });
});

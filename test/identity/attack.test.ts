import { describe, expect, test } from '@jest/globals';
import { oneTimeCode } from '../../src/core/oneTimeCode.js';
import { GROUP, KEY_PERSON, makeBot, makeBoundBot, snapshot, testCampaign } from '../kit/testBot.js';

const texts = (out: { reply: unknown }[]) => out.map((o) => (o.reply as { text?: string }).text ?? '[file]');

describe('what a curious group member tries', () => {
  test('a group nickname set to a guessed name is not an oracle: the group reply reads the same for a key person’s name and any other', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null); // 刘某某 is a key person of 东城
    const groupReplies = async (key: string, nick: string) => {
      const out = [
        ...(await bot.sendAs(key, nick, '#我')),
        ...(await bot.sendAs(key, nick, '#绑定 东城')),
        ...(await bot.sendAs(key, nick, '#我')),
        ...(await bot.sendAs(key, nick, '#帮助')),
      ];
      return texts(out.filter((o) => 'room' in o.to)).map((t) => t.replace(/编号 \d+/g, '编号 N'));
    };
    const guessRight = await groupReplies('m1', '刘某某');
    const guessWrong = await groupReplies('m2', '刘某乙');
    expect(guessRight.join('\n')).not.toMatch(/刘\*/);
    expect(guessRight).toEqual(guessWrong.map((t) => t.replaceAll('刘某乙', '刘某某')));
    await bot.close();
  });

  test('#批准 with a number never falls back to a requester whose display name is that number', async () => {
    const bot = await makeBoundBot();
    const asked = texts(await bot.sendAs('zhao', '赵六', '#绑定 南城'));
    const no = /编号 (\d+)/.exec(asked[0] ?? '')?.[1] ?? '';
    // mallory read the number in the group and took it as a nickname before asking
    await bot.sendAs('mallory', no, '#绑定 东城');
    expect(await bot.say('王科长', `#批准 ${no}`, null)).toMatch(/^已批准：赵六 → 南城司法所/);
    // the second approver acts on the same notice a moment later
    expect(await bot.say('管理员', `#批准 ${no}`, null)).toMatch(/没有找到/);
    expect(await bot.say('管理员', `#拒绝 ${no}`, null)).toMatch(/没有找到/);
    expect(bot.store.state.bindings.mallory).toBeUndefined();
    expect(Object.keys(bot.store.state.requests)).toEqual(['mallory']);
    await bot.close();
  });

  test('a claim code typed in the group by mistake is spent at once: a member who read it cannot claim', async () => {
    const bot = await makeBot({ campaign: testCampaign({ admins: [] }) });
    bot.deps.claim = oneTimeCode('424242');
    await bot.say('member', '大家好'); // in the work group
    const inGroup = await bot.say('boss', '#认领 424242', GROUP);
    expect(inGroup).not.toMatch(/424242/);
    expect(inGroup).toMatch(/作废/);
    expect(await bot.say('member', '#认领 424242', null)).toMatch(/验证码已失效|现在没有可认领/);
    expect(bot.store.state.roles).toEqual({});
    await bot.close();
  });

  test('an approver’s slip in the group (#批准 / #拒绝 / #解绑 with a key person’s name) does not echo it through the mask', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null);
    for (const [who, text] of [
      ['王科长', '#批准 刘某某'],
      ['王科长', '#拒绝 刘某某'],
      ['管理员', '#解绑 刘某某'],
    ] as const) {
      const out = texts(await bot.send(who, text)).join('\n');
      expect(out).toMatch(/没有找到/);
      expect(out).not.toMatch(/刘/);
      // in private the approver sees what they typed
      expect(texts(await bot.send(who, text, null)).join('\n')).toMatch(/刘某某/);
    }
    await bot.close();
  });

  test('review: #批准 or #拒绝 with an unknown name in a group lists no requester; the admin binds no key person\'s name; a roster-only person is not "unbound"; an unbound sender is not named in a merged reply', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null); // 刘某某
    await bot.sendAs('zhao', '赵六', '大家好');
    await bot.sendAs('zhao', '赵六', '#绑定 南城');
    await bot.sendAs('liu', '刘某某', '大家好');
    await bot.sendAs('liu', '刘某某', '#绑定 东城');
    for (const cmd of ['#批准 xyz', '#拒绝 xyz']) {
      const reply = await bot.say('王科长', cmd);
      expect(reply).toMatch(/请私聊机器人发送 #批准/);
      expect(reply).not.toMatch(/赵六|刘|→/);
    }
    expect(await bot.say('王科长', '#批准 xyz', null)).toMatch(/赵六 → 南城司法所/);

    const before = snapshot(bot);
    expect(await bot.say('管理员', '#绑定 刘某某 东城司法所', null)).toMatch(/与一名重点人员的姓名相同/);
    expect(snapshot(bot)).toBe(before);

    expect(await bot.say('管理员', '#解绑 李娜', null)).toMatch(
      /在活动配置的人员名单（people）上：西城司法所/,
    );

    const [reply] = await bot.sendAs('mallory', '刘某某', '#我');
    expect(reply?.addressee).toBeUndefined();
    const [own] = await bot.send('张敏', '#我');
    expect(own?.addressee).toBe('张敏');
    await bot.close();
  });
});

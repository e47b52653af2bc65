import { afterEach, describe, expect, test } from '@jest/globals';
import { makeBoundBot, snapshot, type TestBot, textOf } from '../kit/testBot.js';

let bot: TestBot;
afterEach(async () => {
  await bot?.close();
});

/** A long #隐患 as typed on a phone, with a 类别 nobody has. */
const TYPED = `#隐患
类别：二.99
情况：对象赵某某夜间私自离开居住地未报告
措施：电话训诫并当面核查行踪
责任人：陈立新
时限：9月12日`;

describe('issue 18: an error reply shows the user their own message and number', () => {
  test('in private, the message comes back as typed, the wrong 类别 line marked, ready to copy', async () => {
    bot = await makeBoundBot();
    const before = snapshot(bot);
    const out = await bot.send('张敏', TYPED, null);
    expect(out).toHaveLength(2);
    expect(textOf(out[0])).toMatch(/^没有找到类别“二\.99”/);
    expect(textOf(out[0])).toMatch(/👉 标出有误的一行/);
    expect(textOf(out[0])).not.toContain('刘某'); // not the generic sample
    // the second message is the user's own, line for line, only the wrong one marked
    const quoted = textOf(out[1]).split('\n');
    expect(quoted).toEqual(TYPED.split('\n').map((l) => (l.startsWith('类别') ? `👉${l}` : l)));
    expect(snapshot(bot)).toBe(before);
    // copied back with the one line fixed and the mark left in, it is accepted
    expect(await bot.say('张敏', textOf(out[1]).replace('二.99', '二.4'), null)).toMatch(/^已登记 H1/);
  });

  test('a 类别 line without its colon is the one marked', async () => {
    bot = await makeBoundBot();
    const out = await bot.send('张敏', TYPED.replace('类别：二.99', '类别 二.1'), null);
    expect(textOf(out[0])).toMatch(/“类别”后面少了冒号/);
    expect(
      textOf(out[1])
        .split('\n')
        .filter((l) => l.startsWith('👉')),
    ).toEqual(['👉类别 二.1']);
  });

  test('in a group, the same error repeats nothing that was typed', async () => {
    bot = await makeBoundBot();
    const reply = (await bot.send('张敏', TYPED))
      .filter((o) => 'room' in o.to)
      .map(textOf)
      .join('\n');
    expect(reply).toMatch(/^没有找到所写的类别/);
    for (const line of TYPED.split('\n').slice(1)) {
      const value = line.split('：')[1] ?? '';
      expect({ value, echoed: reply.includes(value) }).toEqual({ value, echoed: false });
    }
    expect(reply).not.toContain('👉');
    expect(bot.sent.filter((o) => o.inReplyTo !== undefined).length).toBe(1); // one reply, no quoted copy in the group
    // the quoted copy goes to the sender alone, in private (issue 28)
    expect(bot.sent.filter((o) => 'person' in o.to && o.to.person === '张敏').length).toBe(2);
  });

  test('#整改 H7 with an unknown status is answered with H7, in a group and in private', async () => {
    bot = await makeBoundBot();
    const group = await bot.say('张敏', '#整改 H7 搞定了');
    expect(group).toMatch(/^整改状态只能是/);
    expect(group).toContain('#整改 H7 整改中');
    expect(group).toContain('#整改 H7 已整改');
    expect(group).not.toMatch(/H3/);
    expect(group).not.toContain('搞定了');
    const own = await bot.say('张敏', '#整改 Ｈ７ 搞定了', null);
    expect(own).toContain('#整改 H7 整改中');
    expect(own).not.toMatch(/H3/);
  });

  test('a status error on the command line of a two-line #整改 marks the command line', async () => {
    bot = await makeBoundBot();
    const out = await bot.send('张敏', '#整改 H2 搞定了\n说明：已约谈', null);
    expect(textOf(out[1])).toBe('👉#整改 H2 搞定了\n说明：已约谈');
    expect(textOf(out[0])).toContain('#整改 H2 已整改');
  });
});

describe('issue 18: a supervisor who tries to bind', () => {
  test('#绑定 东城 from a supervisor says how a supervisor logs for a unit, and that works', async () => {
    bot = await makeBoundBot();
    for (const room of [undefined, null]) {
      const reply = await bot.say('王科长', '#绑定 东城', room);
      expect(reply).toMatch(/不需要绑定单位/);
      expect(reply).toMatch(/在 #隐患 下面加一行“单位：东城司法所”/);
      expect(reply).not.toMatch(/请先发送：#绑定/);
    }
    expect(Object.hasOwn(bot.store.state.bindings, '王科长')).toBe(false);
    const logged = await bot.say(
      '王科长',
      TYPED.replace('二.99', '二.4').replace('#隐患\n', '#隐患\n单位：东城司法所\n'),
    );
    expect(logged).toMatch(/^已登记 H1/);
  });

  test('a supervisor’s unknown 单位 line is the one marked in private', async () => {
    bot = await makeBoundBot();
    const out = await bot.send(
      '王科长',
      TYPED.replace('二.99', '二.4').replace('#隐患\n', '#隐患\n单位：北极村\n'),
      null,
    );
    expect(textOf(out[0])).toMatch(/^没有找到唯一的单位“北极村”/);
    expect(
      textOf(out[1])
        .split('\n')
        .filter((l) => l.startsWith('👉')),
    ).toEqual(['👉单位：北极村']);
  });

  test('a unit-only command from a supervisor is not answered with "bind first"', async () => {
    bot = await makeBoundBot();
    const reply = await bot.say('王科长', '#走访 3');
    expect(reply).toMatch(/仅限司法所工作人员.*督导人员不需要绑定单位/);
    expect(reply).not.toMatch(/绑定单位名/);
  });
});

import { afterEach, describe, expect, test } from '@jest/globals';
import { errorReply } from '../../src/bot/errorReply.js';
import { UserError } from '../../src/core/UserError.js';
import { GROUP, makeBoundBot, snapshot, type TestBot, textOf } from '../kit/testBot.js';

let bot: TestBot;
afterEach(async () => {
  await bot?.close();
});

/** A #隐患 as typed on a phone, with a date that does not exist. */
const TYPED = `#隐患
类别：二.4
情况：对象赵某某夜间私自离开居住地未报告
措施：电话训诫并当面核查行踪
责任人：陈立新
时限：9月31日`;

const values = TYPED.split('\n')
  .slice(1)
  .map((l) => l.split('：')[1] ?? '');

describe('a wrong #隐患 in a group', () => {
  test('the group hears which field is wrong, never a value; the sender gets their message marked, in private', async () => {
    bot = await makeBoundBot();
    const before = snapshot(bot);
    const out = await bot.send('张敏', TYPED);
    const inGroup = out.filter((o) => 'room' in o.to && o.to.room === GROUP);
    const toMe = out.filter((o) => 'person' in o.to && o.to.person === '张敏');
    expect(inGroup).toHaveLength(1);
    const g = textOf(inGroup[0]);
    expect(g).toMatch(/时限/);
    expect(g).toMatch(/有误的是“时限”一行/);
    expect(g).toMatch(/已私聊发给您/);
    for (const v of values) expect({ v, echoed: g.includes(v) }).toEqual({ v, echoed: false });
    // not the generic sample a phone user would copy and send
    expect(g).not.toMatch(/刘某|请复制后修改再发送/);
    // in private: the explanation, then their own message with the wrong line marked
    expect(toMe).toHaveLength(2);
    expect(textOf(toMe[0])).toMatch(/👉 标出有误的一行/);
    expect(textOf(toMe[1]).split('\n')).toEqual(
      TYPED.split('\n').map((l) => (l.startsWith('时限') ? `👉${l}` : l)),
    );
    expect(snapshot(bot)).toBe(before);
    // fixed and sent back privately, it is logged
    expect(await bot.say('张敏', textOf(toMe[1]).replace('9月31日', '9月30日'), null)).toMatch(/^已登记 H1/);
  });

  test('an unknown field name typed in a group is not named there (a name guessed is not told apart)', async () => {
    bot = await makeBoundBot();
    const out = await bot.send('张敏', `${TYPED.replace('9月31日', '9月30日')}\n刘建华：1`);
    const g = textOf(out.find((o) => 'room' in o.to));
    expect(g).toMatch(/字段名不认识/);
    expect(g).not.toMatch(/刘建华|有误的是/);
  });
});

describe('where the sender cannot be reached privately', () => {
  test('the group reply labels the sample clearly as a template to fill, and nothing goes elsewhere', () => {
    const e = new UserError('时限不是有效日期。', '#隐患\n类别：二.4\n情况：社区矫正对象刘某请假').at([
      '时限',
    ]);
    const replies = errorReply(e, TYPED, { mayEcho: false, inGroup: true, reachable: false });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.toSender).toBeUndefined();
    expect(replies[0]?.text).toMatch(
      /^时限不是有效日期。\n\n模板（示例内容，请逐行换成您自己的内容再发送）：\n#隐患\n类别/,
    );
    expect(replies[0]?.text).not.toMatch(/请复制后修改再发送/);
  });
});

import { afterEach, describe, expect, test } from '@jest/globals';
import { HAZARD, makeBoundBot, type TestBot } from '../kit/testBot.js';

let bot: TestBot;
afterEach(async () => {
  await bot?.close();
});

const westOpen = (situation: string) =>
  HAZARD.replace('状态：整改中', '状态：未整改')
    .replace('东城司法所', '西城司法所')
    .replace(/情况：.*\n/, `情况：${situation}\n`);

describe('#台账 全部 状态 lists the hazards when they fit in one message', () => {
  test('one hazard: its line, under its unit, not a count', async () => {
    bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    await bot.say('李娜', westOpen('社区矫正对象请假逾期未归'));
    const all = await bot.say('王科长', '#台账 全部 未整改', null);
    expect(all).toMatch(/^各单位“未整改”的隐患（共 1 条）：\n【西城司法所】1 条\nH2 /);
    expect(all).toContain('社区矫正对象请假逾期未归');
    expect(all).not.toMatch(/东城|H1 /);
    expect(await bot.say('王科长', '#台账 全部 整改中', null)).toMatch(/【东城司法所】1 条\nH1 /);
  });

  test('in a group, the lines pass the same privacy mask as #台账 (a key person is 刘*华)', async () => {
    bot = await makeBoundBot();
    await bot.say(
      '张敏',
      '#重点人员\n姓名：刘建华\n性别：男\n矫正类型：缓刑\n类型：涉毒\n罪名：贩卖毒品罪\n刑期：有期徒刑三年\n矫正期限：2022-03-01至2024-02-29\n管控措施：每周走访',
      null,
    );
    await bot.say('张敏', HAZARD.replace(/情况：.*\n/, '情况：刘建华请假逾期未归\n'));
    const inGroup = await bot.say('王科长', '#台账 全部 整改中');
    expect(inGroup).toMatch(/H1 /);
    expect(inGroup).not.toContain('刘建华');
    expect(inGroup).toContain('刘*华');
    expect(await bot.say('王科长', '#台账 全部 整改中', null)).toContain('刘建华');
  });

  test('past the limit: counts per unit, and how to see the rest', async () => {
    bot = await makeBoundBot();
    for (let i = 1; i <= 31; i++) await bot.say('李娜', westOpen(`第${i}处隐患情况`));
    const all = await bot.say('王科长', '#台账 全部 未整改', null);
    expect(all).toMatch(/共 31 条/);
    expect(all).toMatch(/西城司法所：31 条/);
    expect(all).not.toMatch(/H\d+ /);
    expect(all).toMatch(/发送 #台账 单位名 未整改 查看明细/);
  });
});

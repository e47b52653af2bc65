import { describe, expect, test } from '@jest/globals';
import { makeBoundBot, snapshot, type TestBot } from '../kit/testBot.js';

async function refused(bot: TestBot, from: string, text: string, message: RegExp) {
  const before = snapshot(bot);
  expect(await bot.say(from, text)).toMatch(message);
  expect(snapshot(bot)).toBe(before);
}

describe('counts', () => {
  test('cumulative figures add up, several per message, and the reply shows the new total', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', '#走访 5')).toBe('已登记 东城司法所：走访 +5，累计 5 人次');
    expect(await bot.say('张敏', '#走访 5 教育 3')).toBe(
      '已登记 东城司法所：走访 +5，累计 10 人次；教育 +3，累计 3 人次',
    );
    expect(await bot.say('张敏', '#帮扶２')).toBe('已登记 东城司法所：帮扶 +2，累计 2 人次');
    expect(await bot.say('张敏', '#惩处 1人次')).toBe('已登记 东城司法所：惩处 +1，累计 1 人次');
    expect(bot.store.state.figures.map((f) => f.by)).toEqual(['张敏', '张敏', '张敏', '张敏', '张敏']);
    await bot.close();
  });

  test('#更正 is the only way down, needs a reason, never below zero', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#走访 5');
    expect(await bot.say('张敏', '#更正 走访 -2 重复上报')).toBe(
      '已更正 东城司法所 走访 -2（重复上报），累计 3 人次',
    );
    await refused(bot, '张敏', '#更正 走访 -2', /要写明原因/);
    await refused(bot, '张敏', '#更正 走访 -4 错了', /会小于 0/);
    await refused(bot, '张敏', '#走访 -2', /只能累加.*#更正/);
    await refused(bot, '张敏', '#走访 很多', /看不懂|要写人次数/);
    await refused(bot, '张敏', '#走访', /要写人次数/);
    await refused(bot, '张敏', '#走访 0', /不用上报/);
    await refused(bot, '张敏', '#走访 99999', /过大/);
    await refused(bot, '张敏', '#走访 5 走访 3', /只写一次/);
    await bot.close();
  });

  test('current values replace; 定位 in both forms; 定位 > 在册 is refused', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', '#应收未收 2')).toBe('已登记 东城司法所 应收未收：2 人（现值）');
    expect(await bot.say('张敏', '#应收未收 0')).toBe('已登记 东城司法所 应收未收：0 人（现值）');
    expect(await bot.say('张敏', '#脱管 1')).toBe('已登记 东城司法所 脱管：1 人（现值）');
    expect(await bot.say('张敏', '#定位 30 29')).toBe(
      '已登记 东城司法所：在册 30 人，定位监管 29 人，定位监管率 96.7%',
    );
    expect(await bot.say('张敏', '#定位 在册31 定位30')).toMatch(/在册 31 人，定位监管 30 人/);
    await refused(bot, '张敏', '#定位 30 31', /不能多于在册人数/);
    await refused(bot, '张敏', '#定位 30', /两个整数/);
    await refused(bot, '张敏', '#脱管 -1', /0 到/);
    await refused(bot, '张敏', '#应收未收 很多', /整数/);
    const row = await bot.say('张敏', '#统计');
    expect(row).toMatch(/应收未收 0；脱管 1/);
    expect(row).toMatch(/定位监管率 96\.8%（30\/31）/);
    await bot.close();
  });
});

describe('#上报 and #进度', () => {
  test('rules of 无, and of 附件3 before its figures', async () => {
    const bot = await makeBoundBot();
    await refused(bot, '张敏', '#上报 台账', /还没有登记隐患.*#上报 台账 无/);
    expect(await bot.say('张敏', '#上报 台账 无')).toMatch(
      /^已上报 附件1 隐患台账：东城司法所，无隐患。\n全区已上报 1\/3 个单位。$/,
    );
    await bot.say('李娜', '#隐患\n类别：二.4\n情况：x\n措施：y\n时限：9月1日');
    await refused(bot, '李娜', '#上报 台账 无', /已登记 1 条隐患，不能报“无”/);
    expect(await bot.say('李娜', '#上报 台账')).toMatch(/共 1 条（无法整改0 未整改1 整改中0 已整改0）/);
    await refused(bot, '张敏', '#上报 统计', /请先报以下数字[\s\S]*#应收未收[\s\S]*#脱管[\s\S]*#定位/);
    await bot.say('张敏', '#应收未收 0');
    await bot.say('张敏', '#脱管 0');
    await refused(bot, '张敏', '#上报 统计', /请先报以下数字（没有就报 0）：\n#定位 在册数 定位数$/);
    await bot.say('张敏', '#定位 0 0');
    expect(await bot.say('张敏', '#上报 统计')).toMatch(/^已上报 附件3 统计表/);
    await refused(bot, '张敏', '#上报 报纸', /哪一张表/);
    await bot.close();
  });

  test('a change after 上报 shows as 已上报（有更新）; a late submission is accepted and marked', async () => {
    const bot = await makeBoundBot();
    await bot.say(
      '张敏',
      '#重点人员\n姓名：刘某某\n性别：男\n矫正类型：缓刑\n类型：涉毒\n管控措施：每周走访',
      null,
    );
    await bot.say('张敏', '#上报 重点人员');
    expect(await bot.say('张敏', '#上报 重点人员')).toMatch(/之后没有变化，无需重复上报/);
    await bot.say('张敏', '#修改 P1\n风险：新情况', null);
    let progress = await bot.say('王科长', '#进度');
    expect(progress).toMatch(
      /附件2 重点人员台账：截止 8月9日（还有 4 天），已上报 1\/3\n {2}未上报：西城、南城\n {2}已上报（有更新）：东城/,
    );
    expect(await bot.say('张敏', '#上报 重点人员')).toMatch(/更新后重新上报/);
    bot.setNow('2022-08-11T10:00:00+08:00');
    expect(await bot.say('李娜', '#上报 重点人员 无')).toMatch(/已超过截止日 8月9日 2 天，记为逾期上报/);
    progress = await bot.say('张敏', '#进度');
    expect(progress).toMatch(
      /附件2 重点人员台账：截止 8月9日（已逾期 2 天），已上报 2\/3\n {2}未上报：南城\n {2}逾期上报：西城/,
    );
    expect(progress).toMatch(
      /附件1 隐患台账：截止 9月6日（还有 26 天），已上报 0\/3\n {2}未上报：东城、西城、南城/,
    );
    await bot.close();
  });
});

import { describe, expect, test } from '@jest/globals';
import { makeBot } from '../kit/testBot.js';

const HAZARD_LINE = '#隐患\n类别：二.4\n情况：请假超时未归\n措施：每日电话核查\n责任人：小王\n时限：9月30日';

/**
 * #撤销 undoes "my last change"; whether I may still change that record is decided when I undo,
 * by the same rule as #删除, not when I made the change. A caseworker moved to another unit keeps
 * no hand on the records of the unit they left.
 */
describe('#撤销 after a move to another unit', () => {
  test('a 东城 caseworker moved to 西城 cannot undo the 东城 hazard they logged; it stays', async () => {
    const bot = await makeBot();
    expect(await bot.say('管理员', '#绑定 小王 东城司法所', null)).toMatch(/东城司法所/);
    expect(await bot.say('小王', HAZARD_LINE)).toMatch(/已登记.*H1/);
    expect(await bot.say('管理员', '#绑定 小王 西城司法所', null)).toMatch(/西城司法所/);
    const before = bot.store.state.seq;
    const reply = await bot.say('小王', '#撤销');
    expect(reply).toMatch(/不能撤销/);
    expect(reply).toMatch(/H1 属于东城司法所/);
    expect(bot.store.state.seq).toBe(before);
    expect(bot.store.state.hazards[0]?.withdrawn).toBeFalsy();
    await bot.close();
  });

  test('figures reported for 东城 are not undone from 西城 either; in the same unit #撤销 still works', async () => {
    const bot = await makeBot();
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('小王', '#走访 5');
    await bot.say('管理员', '#绑定 小王 西城司法所', null);
    expect(await bot.say('小王', '#撤销')).toMatch(/东城司法所.*不能撤销|不能撤销.*东城司法所/);
    await bot.say('小王', '#走访 2');
    expect(await bot.say('小王', '#撤销')).toMatch(/^已撤销：走访 \+2/);
    await bot.close();
  });
});

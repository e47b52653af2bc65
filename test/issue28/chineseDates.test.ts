import { describe, expect, test } from '@jest/globals';
import { HAZARD, makeBoundBot } from '../kit/testBot.js';

describe('#隐患 with a deadline written in Chinese numerals', () => {
  test.each([
    ['八月十五日', '2022-08-15'],
    ['二〇二二年九月六日', '2022-09-06'],
    ['9月三十日', '2022-09-30'],
  ])('时限：%s is %s', async (typed, stored) => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', HAZARD.replace('时限：9月5日', `时限：${typed}`))).toMatch(/^已登记 H1/);
    expect(bot.store.state.hazards[0]?.deadline).toBe(stored);
    await bot.close();
  });

  test('时限：九月三十一日 is refused and nothing is logged', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', HAZARD.replace('时限：9月5日', '时限：九月三十一日'))).toMatch(
      /时限不是有效日期/,
    );
    expect(bot.store.state.hazards).toHaveLength(0);
    await bot.close();
  });
});

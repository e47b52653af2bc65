import { afterEach, describe, expect, jest, test } from '@jest/globals';
import { startSweep } from '../../src/bot/startSweep.js';
import { makeBoundBot, textOf } from '../kit/testBot.js';

describe('the node-cron sweep', () => {
  const tz = process.env.TZ;
  afterEach(() => {
    jest.useRealTimers();
    process.env.TZ = tz;
  });

  test('fires reminders at 09:00 Asia/Shanghai while the process runs in UTC, and only once', async () => {
    process.env.TZ = 'UTC';
    jest.useFakeTimers({
      now: new Date('2022-08-06T00:58:00Z'),
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'],
    });
    const bot = await makeBoundBot({ at: '2022-08-06T08:58:00+08:00' });
    const sent: { at: string; text: string }[] = [];
    const seen = () => {
      for (const o of bot.sent.splice(0))
        sent.push({ at: new Date(Date.now()).toISOString(), text: textOf(o) });
    };
    // the bot's clock is the (faked) system clock, as in production
    bot.deps.clock.now = () => Date.now();
    bot.sent.length = 0; // the bindings' replies
    const sweep = startSweep(bot.bot, () => Date.now(), bot.deps.log);
    await jest.advanceTimersByTimeAsync(60_000); // 08:59 Shanghai
    seen();
    expect(sent).toEqual([]);
    await jest.advanceTimersByTimeAsync(60_000); // 09:00 Shanghai = 01:00 UTC
    seen();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.at).toBe('2022-08-06T01:00:00.000Z');
    expect(sent[0]?.text).toMatch(/^【催报】附件2 重点人员台账 8月9日截止（还有3天）/);
    await jest.advanceTimersByTimeAsync(30 * 60_000);
    seen();
    expect(sent).toHaveLength(1);
    sweep.stop();
    await bot.close();
  });
});

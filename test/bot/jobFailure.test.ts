import { readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { makeBoundBot, textOf } from '../kit/testBot.js';

// The worker reads JZ_FAIL_AT when it starts: this file's first export starts it (a file of its own,
// so no other test's worker is reused).
describe('a worker that fails making a file', () => {
  test('is one clear reply and no file; the bot goes on, and the next export works', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#隐患\n类别：二.4\n情况：请假超时未销假\n措施：约谈训诫\n时限：9月5日');
    process.env.JZ_FAIL_AT = 'xlsx.sheet';
    let replies: Awaited<ReturnType<typeof bot.send>> = [];
    try {
      replies = await bot.send('王科长', '#导出 台账', null);
      await bot.bot.jobs.idle();
    } finally {
      delete process.env.JZ_FAIL_AT;
    }
    // the announcement, then one reply saying no file was made (naming the message, not the error)
    expect(replies.map(textOf)).toEqual([
      expect.stringMatching(/^附件1 /),
      expect.stringMatching(/^生成附件1 隐患台账时出错，没有生成文件（编号 [^）]+）。请稍后重试/),
    ]);
    expect(bot.logs.join('\n')).toMatch(/injected at xlsx\.sheet/);
    expect(bot.sent.some((o) => 'file' in o.reply)).toBe(false);
    // nothing half-written is left behind
    expect(readdirSync(bot.deps.filesDir).filter((f) => f.endsWith('.xlsx'))).toEqual([]);
    // the bot still answers, and a new worker makes the next file
    expect(await bot.say('张敏', '#走访 2')).toMatch(/已登记/);
    await bot.send('王科长', '#导出 台账', null);
    await bot.bot.jobs.idle();
    expect(bot.sent.filter((o) => 'file' in o.reply)).toHaveLength(1);
    await bot.close();
  });
});

import { readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { makeBoundBot, textOf } from '../kit/testBot.js';

// The worker reads JZ_HANG_AT when it starts: this file's first export starts it (a file of its own,
// so no other test's worker is reused).
describe('a worker that hangs making a file', () => {
  test('is ended: one clear reply and no file, and the next export (queued behind it) works', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#隐患\n类别：二.4\n情况：请假超时未销假\n措施：约谈训诫\n时限：9月5日');
    process.env.JZ_HANG_AT = 'xlsx.sheet';
    process.env.JZ_XLSX_STALL_MS = '300';
    let replies: Awaited<ReturnType<typeof bot.send>> = [];
    try {
      replies = await bot.send('王科长', '#导出 台账', null);
      await bot.bot.jobs.idle();
    } finally {
      delete process.env.JZ_HANG_AT;
      delete process.env.JZ_XLSX_STALL_MS;
    }
    expect(replies.map(textOf)).toEqual([
      expect.stringMatching(/^附件1 /),
      expect.stringMatching(/^生成附件1 隐患台账时出错，没有生成文件/),
    ]);
    expect(bot.logs.join('\n')).toMatch(/xlsx worker: no word for 300 ms, ended/);
    expect(readdirSync(bot.deps.filesDir).filter((f) => f.endsWith('.xlsx'))).toEqual([]);
    // the stuck worker was ended: a new one makes the next file
    await bot.send('王科长', '#导出 台账', null);
    await bot.bot.jobs.idle();
    expect(bot.sent.filter((o) => 'file' in o.reply)).toHaveLength(1);
    await bot.close();
  });
});

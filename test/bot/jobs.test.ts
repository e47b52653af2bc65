import { describe, expect, test } from '@jest/globals';
import type { Outgoing } from '../../src/core/types.js';
import { gate, post, until } from '../kit/jobGate.js';
import { cellsOf, HAZARD, makeBoundBot } from '../kit/testBot.js';

const what = (o: Outgoing) =>
  'file' in o.reply
    ? `[file] ${o.reply.form}`
    : `${o.to && 'person' in o.to ? o.to.person : 'group'}: ${o.reply.text.split('\n')[0]}`;

describe('exports run off the message path', () => {
  test('while a supervisor’s 附件1 is made, other people are answered; the asker’s later reply follows the file', async () => {
    const g = gate();
    const bot = await makeBoundBot({ jobs: { beforeWork: g.beforeWork } });
    await bot.say('张敏', HAZARD, null);
    const from = bot.sent.length;
    const asked = post(bot, '王科长', '#导出 台账', 'job-1');
    await until(() => g.held.length === 1);
    // the file is being made: a caseworker's #走访 is answered meanwhile
    const visit = post(bot, '张敏', '#走访 3', 'job-2');
    await visit;
    expect(bot.sent.slice(from).map(what)).toEqual([
      expect.stringMatching(/^王科长: 附件1 /),
      expect.stringMatching(/^张敏: 已登记/),
    ]);
    // the asker's next message is handled, its reply held until the file is out
    const later = post(bot, '王科长', '#我', 'job-3');
    await until(() => bot.store.state.figures.length === 1);
    g.open();
    await Promise.all([asked, later]);
    await bot.bot.jobs.idle();
    expect(bot.sent.slice(from).map(what)).toEqual([
      expect.stringMatching(/^王科长: 附件1 /),
      expect.stringMatching(/^张敏: 已登记/),
      '[file] hazards',
      expect.stringMatching(/^王科长: 王科长/),
    ]);
    await bot.close();
  });

  test('the file shows the records as they were when it was asked for', async () => {
    const g = gate();
    const bot = await makeBoundBot({ jobs: { beforeWork: g.beforeWork } });
    await bot.say('张敏', HAZARD, null);
    const from = bot.sent.length;
    const asked = post(bot, '王科长', '#导出 台账', 'job-1');
    await until(() => g.held.length === 1);
    await post(
      bot,
      '李娜',
      HAZARD.replace('请假到期后超时2天未销假', '夜间外出未报告').replace('东城', '西城'),
      'job-2',
    );
    expect(bot.store.state.hazards).toHaveLength(2);
    g.open();
    await asked;
    await bot.bot.jobs.idle();
    const file = bot.sent.slice(from).find((o) => 'file' in o.reply);
    const cells = await cellsOf(file && 'file' in file.reply ? file.reply.file : '');
    expect(cells).toMatch(/请假到期后超时2天未销假/);
    expect(cells).not.toMatch(/夜间外出未报告/);
    await bot.close();
  });

  test('two exports by one person: the second is refused politely while the first is made; others may export', async () => {
    const g = gate();
    const bot = await makeBoundBot({ jobs: { beforeWork: g.beforeWork } });
    const from = bot.sent.length;
    const first = post(bot, '王科长', '#导出 台账', 'job-1');
    await until(() => g.held.length === 1);
    const second = post(bot, '王科长', '#导出 统计', 'job-2');
    const other = post(bot, '张敏', '#导出 统计', 'job-3');
    await until(() => g.held.length === 1 && bot.sent.length - from >= 2);
    g.open();
    await Promise.all([first, second, other]);
    await bot.bot.jobs.idle();
    const toWang = bot.sent
      .slice(from)
      .filter((o) => 'person' in o.to && o.to.person === '王科长')
      .map(what);
    expect(toWang).toEqual([
      expect.stringMatching(/^王科长: 附件1 /),
      '[file] hazards',
      '王科长: 您的上一个文件还在生成，发出后再要下一个。',
    ]);
    const toZhang = bot.sent
      .slice(from)
      .filter((o) => 'person' in o.to && o.to.person === '张敏')
      .map(what);
    expect(toZhang).toContain('[file] statistics');
    await bot.close();
  });

  test('a job that hangs is given up: the asker is told no file was made, and the next files (theirs too) still come', async () => {
    let calls = 0;
    const hangFirst = async () => {
      calls++;
      if (calls === 1) await new Promise(() => {}); // never settles
    };
    // the time limit's timers, fired by hand: only the hung job's runs out
    const timers: (() => void)[] = [];
    const startTimer = (_ms: number, fire: () => void) => {
      timers.push(fire);
      return () => {};
    };
    const bot = await makeBoundBot({ jobs: { beforeWork: hangFirst, startTimer } });
    const from = bot.sent.length;
    const hung = post(bot, '王科长', '#导出 台账', 'job-1');
    await until(() => calls === 1);
    const other = post(bot, '张敏', '#导出 统计', 'job-2');
    timers[0]?.();
    await Promise.all([hung, other]);
    await bot.bot.jobs.idle();
    await post(bot, '王科长', '#导出 台账', 'job-3');
    await bot.bot.jobs.idle();
    const toWang = bot.sent
      .slice(from)
      .filter((o) => 'person' in o.to && o.to.person === '王科长')
      .map(what);
    expect(toWang).toEqual([
      expect.stringMatching(/^王科长: 附件1 /),
      expect.stringMatching(/^王科长: 生成.*时出错，没有生成文件/),
      expect.stringMatching(/^王科长: 附件1 /),
      '[file] hazards',
    ]);
    const toZhang = bot.sent
      .slice(from)
      .filter((o) => 'person' in o.to && o.to.person === '张敏')
      .map(what);
    expect(toZhang).toContain('[file] statistics');
    await bot.close();
  });
});

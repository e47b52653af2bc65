import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { Store } from '../../src/store/Store.js';
import { GROUP, SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

const BIN = (name: string) => join(process.cwd(), 'dist', 'src', 'bin', `${name}.js`);

function run(name: string, args: string[], input?: string, cwd?: string) {
  return spawnSync(process.execPath, [BIN(name), ...args], {
    encoding: 'utf8',
    input,
    cwd: cwd ?? process.cwd(),
    env: { ...process.env, TZ: 'UTC' },
  });
}

function transcript(lines: object[]): string {
  const dir = tempDir('jz-tr-');
  const path = join(dir, 't.jsonl');
  writeFileSync(path, lines.map((l) => JSON.stringify(l)).join('\n'));
  return path;
}

describe('issue 18: simulate and export', () => {
  test('simulate without --data writes into a fresh temp folder named on stderr, never ./data', () => {
    const cwd = tempDir('jz-cwd-');
    const t = transcript([
      { at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城' },
    ]);
    const r = run('simulate', ['--campaign', SHIPPED_CAMPAIGN, t], undefined, cwd);
    expect(r.status).toBe(0);
    expect(existsSync(join(cwd, 'data'))).toBe(false);
    const dir = /数据目录：(\S+)（临时；/.exec(r.stderr)?.[1] ?? '';
    expect(existsSync(join(dir, 'store.json'))).toBe(true);
  });

  test('simulate marks an @-message with "mentionsBot": true and gets a draft', () => {
    const t = transcript([
      {
        at: '2022-08-05T09:00:00+08:00',
        room: GROUP,
        from: '张敏',
        text: '东城所新发现一个隐患：对象刘某请假超期2天未销假',
        mentionsBot: true,
      },
    ]);
    const r = run('simulate', ['--campaign', SHIPPED_CAMPAIGN, t]);
    expect(JSON.parse(r.stdout.split('\n')[0] ?? '{}').text).toMatch(
      /^看起来您要登记一条隐患[\s\S]*类别：二\.4/,
    );
  });

  test('export reads while the bot holds the data folder; 填报人 is a person, 填报时间 the date of the data', async () => {
    const data = tempDir();
    run('simulate', [
      '--campaign',
      SHIPPED_CAMPAIGN,
      '--data',
      data,
      transcript([
        { at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城' },
        { at: '2022-08-05T09:00:30+08:00', from: '管理员', text: '#批准 张敏' },
        { at: '2022-08-06T10:00:00+08:00', room: GROUP, from: '张敏', text: '#走访 7' },
        // 附件3 counts a unit once it has submitted (others show 未上报)
        { at: '2022-08-06T10:01:00+08:00', room: GROUP, from: '张敏', text: '#应收未收 0' },
        { at: '2022-08-06T10:02:00+08:00', room: GROUP, from: '张敏', text: '#脱管 0' },
        { at: '2022-08-06T10:03:00+08:00', room: GROUP, from: '张敏', text: '#定位 1 1' },
        { at: '2022-08-06T10:04:00+08:00', room: GROUP, from: '张敏', text: '#上报 统计' },
      ]),
    ]);
    const running = await Store.open(data); // the bot, running: it holds the lock
    await running.commit({
      by: '张敏',
      unit: '东城司法所',
      at: '2022-08-07T11:00:00+08:00',
      msgId: 'x',
      type: 'figure',
      report: { kind: 'add', item: '走访', n: 3 },
    });
    try {
      const out = join(tempDir(), 'f3.xlsx');
      const r = run('export', ['--data', data, '--form', '3', '--out', out]);
      expect(r.stderr).not.toMatch(/正被另一个进程/);
      expect(r.status).toBe(0);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.worksheets[0] as ExcelJS.Worksheet;
      expect(ws.getCell('J6').value).toBe(10); // the journal's change not yet in store.json is there
      const line = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
        .map((c) => String(ws.getRow(3).getCell(c).value ?? ''))
        .join(' ');
      expect(line).toMatch(/填报人：王科长/);
      expect(line).toMatch(/填报时间：2022年8月7日/);
      expect(line).not.toMatch(/填报人：区社区矫正管理局/);
    } finally {
      await running.close();
    }
  });
});

describe('issue 18: the console', () => {
  /** 张敏 asks to join 东城, the admin approves in private, and 张敏 is back in the group. */
  const BOUND = ['#绑定 东城', '/as 管理员', '/private', '#批准 张敏', '/as 张敏', '/group'];

  test('a pasted block is one message, @机器人 reaches the bot, /time takes a date, refuses going back, /next stops where something is sent', () => {
    const data = tempDir();
    const input = [
      ...BOUND,
      '#隐患',
      '类别：二.4',
      '情况：刘某请假超时',
      '措施：约谈',
      '时限：8月20日',
      '@机器人 东城所新发现一个隐患：对象刘某请假超期2天未销假',
      '/time 2022-08-02',
      '/now',
      '/time 2022-08-02 9:00',
      '/now',
      '/next',
      '/now',
      '/time 2022-08-01',
      '/now',
      '/quit',
      '',
    ].join('\n');
    const r = run('console', ['--campaign', SHIPPED_CAMPAIGN, '--data', data], input);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/已登记 H1（二\.4/);
    expect(r.stdout).not.toMatch(/不认识的字段|没有“#?类别/);
    expect(r.stdout).toMatch(/情况：对象刘某请假超期2天未销假/);
    const nows = r.stdout.match(/^(?:.*> )?\d{4}-\d\d-\d\d \d\d:\d\d$/gm)?.map((l) => l.slice(-16)) ?? [];
    // 8-02 00:00, 8-02 09:00, then the first moment a reminder is sent (8-06 09:00, 附件2 3 days before)
    expect(nows).toEqual(['2022-08-02 00:00', '2022-08-02 09:00', '2022-08-06 09:00', '2022-08-06 09:00']);
    expect(r.stdout).toMatch(/不能往回拨/);
  });

  test('a second run on the same data answers: its messages are not taken for the first run’s repeats', () => {
    const data = tempDir();
    const first = [...BOUND, '#走访 3', '/quit', ''];
    expect(run('console', ['--campaign', SHIPPED_CAMPAIGN, '--data', data], first.join('\n')).stdout).toMatch(
      /走访 \+3，累计 3 人次/,
    );
    const again = run(
      'console',
      ['--campaign', SHIPPED_CAMPAIGN, '--data', data],
      ['#走访 2', '/quit', ''].join('\n'),
    );
    expect(again.stdout).toMatch(/走访 \+2，累计 5 人次/);
    expect(again.stdout).not.toMatch(/机器人没有回应/);
  });
});

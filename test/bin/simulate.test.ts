import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { GROUP, SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

const SIMULATE = join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js');

function simulate(
  lines: object[],
  args: string[],
): { stdout: string; stderr: string; status: number | null; out: Record<string, unknown>[] } {
  const dir = tempDir('jz-sim-');
  const transcript = join(dir, 'transcript.jsonl');
  writeFileSync(transcript, lines.map((l) => JSON.stringify(l)).join('\n'));
  const r = spawnSync(process.execPath, [SIMULATE, ...args, transcript], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  const out = r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, out };
}

describe('npm run simulate', () => {
  test('prints exactly the JSON Lines of interfaces.md, and a second run on the same data knows the bindings', () => {
    const data = tempDir();
    const files = tempDir();
    const args = ['--campaign', SHIPPED_CAMPAIGN, '--data', data, '--files', files];
    const first = simulate(
      [
        { at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城司法所' },
        { at: '2022-08-05T09:00:30+08:00', from: '管理员', text: '#批准 张敏' },
        { at: '2022-08-05T09:01:00+08:00', room: GROUP, from: '张敏', text: '收到，谢谢' },
        { at: '2022-08-05T09:02:00+08:00', room: '别的群', from: '张敏', text: '#我' },
        { at: '2022-08-05T09:05:00+08:00', from: '王科长', text: '#导出 重点人员' },
      ],
      args,
    );
    expect(first.status).toBe(0);
    expect(first.out).toEqual([
      {
        at: '2022-08-05T09:00:00+08:00',
        room: GROUP,
        text: expect.stringMatching(/^已收到您的绑定申请（编号 \d+）：东城司法所/),
        mentions: [],
      },
      ...['管理员', '王科长'].map((to) => ({
        at: '2022-08-05T09:00:00+08:00',
        to,
        text: expect.stringMatching(/^【绑定申请 \d+】张敏 申请绑定：东城司法所/),
        mentions: [],
      })),
      {
        at: '2022-08-05T09:00:30+08:00',
        to: '管理员',
        text: expect.stringMatching(/^已批准：张敏 → 东城司法所（编号 \d+）$/),
        mentions: [],
      },
      {
        at: '2022-08-05T09:00:30+08:00',
        to: '张敏',
        text: expect.stringMatching(/^您的绑定申请已批准：东城司法所/),
        mentions: [],
      },
      { at: '2022-08-05T09:05:00+08:00', to: '王科长', text: expect.stringMatching(/^附件2/), mentions: [] },
      {
        at: '2022-08-05T09:05:00+08:00',
        to: '王科长',
        file: expect.stringMatching(/^\/.*附件2-6\+9重点社区矫正对象台账-20220805-0905\.xlsx$/),
      },
    ]);
    // Delivered, then deleted: exports do not pile up in the files folder.
    // (the path printed is the copy the recipient received, under received/)
    expect(existsSync(join(files, basename(first.out[6]?.file as string)))).toBe(false);
    expect(existsSync(first.out[6]?.file as string)).toBe(true);
    expect(String(first.out[6]?.file).startsWith(join(files, 'received'))).toBe(true);

    const second = simulate(
      [{ at: '2022-08-05T10:00:00+08:00', room: GROUP, from: '张敏', text: '#我' }],
      args,
    );
    expect(second.out).toEqual([
      {
        at: '2022-08-05T10:00:00+08:00',
        room: GROUP,
        text: '张敏：东城司法所 · 司法所工作人员',
        mentions: [],
      },
    ]);
  });

  test('the same transcript on the same starting data gives the same output', () => {
    const lines = [
      { at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城' },
      { at: '2022-08-05T09:00:30+08:00', from: '管理员', text: '#批准 张敏' },
      {
        at: '2022-08-05T09:01:00+08:00',
        room: GROUP,
        from: '张敏',
        text: '#隐患\n类别：二4\n情况：x\n措施：y\n时限：8月8日',
      },
      { at: '2022-08-10T10:00:00+08:00', tick: true },
    ];
    const a = simulate(lines, ['--data', tempDir(), '--files', tempDir()]);
    const b = simulate(lines, ['--data', tempDir(), '--files', tempDir()]);
    expect(a.stdout).toBe(b.stdout);
    expect(a.out.length).toBeGreaterThan(5);
  });

  test('a whole campaign: each reminder once, at its own time, naming exactly the units that had not submitted', async () => {
    const data = tempDir();
    const files = tempDir();
    // Exports are kept an hour after they are sent, so the test can read the one delivered.
    const campaign = join(tempDir(), 'campaign.json');
    writeFileSync(
      campaign,
      JSON.stringify({ ...JSON.parse(readFileSync(SHIPPED_CAMPAIGN, 'utf8')), exportRetentionHours: 1 }),
    );
    const { out, status } = simulate(
      [
        { at: '2022-08-01T08:30:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城' },
        { at: '2022-08-01T08:31:00+08:00', room: GROUP, from: '李娜', text: '#绑定 西城' },
        { at: '2022-08-01T08:32:00+08:00', from: '王科长', text: '#批准 张敏' },
        { at: '2022-08-01T08:33:00+08:00', from: '王科长', text: '#批准 李娜' },
        { at: '2022-08-07T10:00:00+08:00', room: GROUP, from: '张敏', text: '#上报 重点人员 无' },
        { at: '2022-09-01T10:00:00+08:00', room: GROUP, from: '李娜', text: '#上报 台账 无' },
        { at: '2022-10-10T10:00:00+08:00', tick: true },
        { at: '2022-10-10T10:01:00+08:00', from: '王科长', text: '#导出 统计' },
      ],
      ['--campaign', campaign, '--data', data, '--files', files],
    );
    expect(status).toBe(0);
    const reminders = out.filter(
      (o) => /^【/.test(String(o.text ?? '')) && !/^【绑定申请/.test(String(o.text)),
    );
    const summary = reminders.map(
      (o) => `${String(o.at).slice(5, 16)} ${o.to ?? 'group'} ${String(o.text).slice(0, 20)}`,
    );
    // times are in order and no text repeats at two times
    expect(reminders.map((o) => o.at)).toEqual([...reminders.map((o) => String(o.at))].sort());
    expect(new Set(summary).size).toBe(summary.length);
    const at = (t: string) => reminders.filter((o) => o.at === t);
    expect(at('2022-08-01T09:00:00+08:00')[0]?.text).toBe(
      '【阶段】今天起进入“安排部署”阶段（8月1日—8月10日）。',
    );
    expect(at('2022-08-06T09:00:00+08:00')[0]?.text).toMatch(/附件2.*东城司法所 @张敏；西城司法所 @李娜/);
    const after = at('2022-08-08T09:00:00+08:00')[0]?.text as string;
    expect(after).toMatch(/尚未上报 27 个单位：西城司法所 @李娜；/);
    expect(after).not.toMatch(/东城/);
    expect(at('2022-08-10T08:00:00+08:00')[0]).toMatchObject({ to: '王科长' });
    const hazardNag = at('2022-09-03T09:00:00+08:00')[0]?.text as string;
    expect(hazardNag).toMatch(/附件1 隐患台账 9月6日截止（还有3天），尚未上报 27 个单位：东城司法所 @张敏；/);
    expect(hazardNag).not.toMatch(/西城/);
    expect(at('2022-09-29T09:00:00+08:00')[0]?.text).toMatch(/附件3 统计表 9月29日截止（今天截止）/);
    expect(at('2022-09-30T08:00:00+08:00')[0]).toMatchObject({ to: '王科长' });
    // 3 forms × 3 offsets, 3 phases, 3 late notices each to group and supervisor
    expect(reminders.filter((o) => /【催报】/.test(String(o.text)))).toHaveLength(9);
    expect(reminders.filter((o) => /【阶段】/.test(String(o.text)))).toHaveLength(3);
    expect(reminders.filter((o) => o.to === '王科长')).toHaveLength(3);
    const file = out.find((o) => o.file)?.file as string;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets[0]?.getCell('A6').value).toBe('东城司法所');
  });

  test('a bad transcript line or a corrupt data file: a clear message on stderr, nothing on stdout, the file left as it was', () => {
    const data = tempDir();
    writeFileSync(join(data, 'store.json'), '{"schemaVersion":1,"seq":');
    const before = readFileSync(join(data, 'store.json'));
    const r = simulate(
      [{ at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#我' }],
      ['--data', data],
    );
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/数据文件 .*store\.json 不是有效的 JSON/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(data, 'store.json')).equals(before)).toBe(true);
    const bad = simulate([{ at: 'yesterday', from: 'x', text: 'y' }], ['--data', tempDir()]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/对话文件第 1 行的 "at" 应为时间/);
  });

  test('a bad campaign file stops with every problem listed', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ name: 'x', units: [] }));
    const r = simulate([], ['--campaign', join(dir, 'c.json'), '--data', tempDir()]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/有 \d+ 处问题[\s\S]*- issuer（发文单位）[\s\S]*- units（填报单位）/);
  });
});

describe('npm run export', () => {
  test('writes each form from a data folder without the bot', async () => {
    const data = tempDir();
    simulate(
      [
        { at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城' },
        { at: '2022-08-05T09:00:30+08:00', from: '管理员', text: '#批准 张敏' },
        { at: '2022-08-05T09:01:00+08:00', room: GROUP, from: '张敏', text: '#走访 7' },
        { at: '2022-08-05T09:02:00+08:00', room: GROUP, from: '张敏', text: '#应收未收 0' },
        { at: '2022-08-05T09:02:00+08:00', room: GROUP, from: '张敏', text: '#脱管 0' },
        { at: '2022-08-05T09:02:00+08:00', room: GROUP, from: '张敏', text: '#定位 3 3' },
        { at: '2022-08-05T09:03:00+08:00', room: GROUP, from: '张敏', text: '#上报 统计' },
      ],
      ['--data', data, '--files', tempDir()],
    );
    const out = join(tempDir(), '附件3.xlsx');
    const r = spawnSync(
      process.execPath,
      [join(process.cwd(), 'dist/src/bin/export.js'), '--data', data, '--form', '3', '--out', out],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getCell('A6').value).toBe('东城司法所');
    expect(ws.getCell('J6').value).toBe(7);
    const bad = spawnSync(process.execPath, [join(process.cwd(), 'dist/src/bin/export.js'), '--form', '9'], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/用法：npm run export -- --form 1\|2\|3/);
  });
});

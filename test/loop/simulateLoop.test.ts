import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { readSnapshotFile } from '../kit/snapshotFile.js';
import { GROUP, tempDir } from '../kit/testBot.js';

const SIMULATE = join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js');

function simulate(lines: object[], data: string): Record<string, unknown>[] {
  const dir = tempDir('jz-sim-');
  const transcript = join(dir, 'transcript.jsonl');
  writeFileSync(transcript, lines.map((l) => JSON.stringify(l)).join('\n'));
  const r = spawnSync(process.execPath, [SIMULATE, '--data', data, '--files', tempDir(), transcript], {
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC' },
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l));
}

const HAZARD = '#隐患\n类别：二.4\n情况：对象请假超时未销假\n措施：约谈训诫\n时限：8月20日';

describe('the closed loop through npm run simulate', () => {
  test('重大 at once, evidence by "attach", 退回 told to the unit, duplicates asked, #撤销, 附件3 未上报', async () => {
    const data = tempDir();
    const photo = join(tempDir(), 'photo.png');
    writeFileSync(photo, Buffer.from('89504e470d0a1a0a0000', 'hex'));
    const t = (m: number) => `2022-08-05T10:${String(m).padStart(2, '0')}:00+08:00`;
    const out = simulate(
      [
        { at: t(0), room: GROUP, from: '张敏', text: '#绑定 东城' },
        { at: t(0), from: '管理员', text: '#批准 张敏' },
        { at: t(1), room: GROUP, from: '张敏', text: `${HAZARD}\n重大：是` },
        { at: t(2), room: GROUP, from: '张敏', text: HAZARD },
        { at: t(3), room: GROUP, from: '张敏', text: '#整改 H1 已整改 已约谈并补办销假' },
        { at: t(4), room: GROUP, from: '张敏', attach: photo },
        { at: t(5), room: GROUP, from: '王科长', text: '#核验 H1 退回 缺少谈话记录' },
        { at: t(6), from: '王科长', text: '#佐证 H1' },
        { at: t(7), room: GROUP, from: '张敏', text: '#走访 6' },
        { at: t(8), room: GROUP, from: '张敏', text: '#走访 6' },
        { at: t(9), room: GROUP, from: '张敏', text: '#撤销' },
        { at: t(10), from: '王科长', text: '#导出 统计' },
      ],
      data,
    );
    const at = (m: number) => out.filter((o) => o.at === t(m));
    // 重大: the same minute, privately, to the supervisor of the shipped campaign
    expect(at(1)).toEqual([
      expect.objectContaining({ room: GROUP, text: expect.stringMatching(/^已登记 【重大】H1/) }),
      expect.objectContaining({
        to: '王科长',
        text: expect.stringMatching(/^【重大风险隐患】东城司法所 张敏 报告/),
      }),
    ]);
    expect(at(2)[0]?.text).toMatch(/已登记过类别和情况都相同的 H1/);
    expect(at(4)[0]?.text).toBe(
      '已保存 H1 的佐证材料：photo.png（1 KB），共 1 份（每条隐患最多 20 份、合计 100 MB；#整改 后 10 分钟内发送）。',
    );
    expect(at(5)).toEqual([
      expect.objectContaining({
        room: GROUP,
        text: expect.stringMatching(/^【核验退回】H1（东城司法所）/),
        mentions: ['张敏'],
      }),
    ]);
    const evidence = at(6).find((o) => o.file)?.file as string;
    expect(at(6).every((o) => o.to === '王科长')).toBe(true);
    expect(readFileSync(evidence)).toEqual(readFileSync(photo));
    const stored = join(data, 'evidence', basename(evidence));
    expect(readFileSync(stored)).toEqual(readFileSync(photo));
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(at(8)[0]?.text).toMatch(/10 分钟内已报过同样的数字/);
    expect(at(9)[0]?.text).toMatch(/^已撤销：走访 \+6/);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(at(10).find((o) => o.file)?.file as string);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getRow(6).getCell(1).value).toBe('东城司法所');
    expect(ws.getRow(6).getCell(2).value).toBe('未上报');
    expect(ws.getColumn(1).values).toContain('合计（0个单位）');

    // the data folder holds what the replies said: H1 back to 整改中, one 走访 report of 6, undone
    const state = readSnapshotFile(join(data, 'store.json'));
    expect(state.hazards[0]).toMatchObject({
      status: '整改中',
      major: true,
      returned: { reason: '缺少谈话记录' },
    });
    expect(state.hazards).toHaveLength(1);
    expect(state.figures.map((f: { n: number; undone?: number }) => [f.n, f.undone !== undefined])).toEqual([
      [6, true],
    ]);
  });
});

import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { generate, profileCampaign } from '../../bench/profile.js';
import { exportForm } from '../../src/reports/forms.js';
import { tempDir } from '../kit/testBot.js';

/** Excel refuses (repairs) a cell longer than this. */
const EXCEL_CELL_MAX = 32_767;

/** The note rows under a sheet's table: the merged rows after the last bordered one, as text. */
function notesOf(ws: ExcelJS.Worksheet): { text: string; height: number | undefined; wrap: boolean }[] {
  const out: { text: string; height: number | undefined; wrap: boolean }[] = [];
  ws.eachRow((row) => {
    const first = row.getCell(1);
    const text = String(first.value ?? '');
    if (/^(说明|核验情况|序号与群内编号对照|（续）)/.test(text))
      out.push({ text, height: row.height, wrap: first.alignment?.wrapText === true });
  });
  return out;
}

describe('notes under 附件1 at scale', () => {
  test('thousands of closed hazards: no cell past Excel’s limit, every note row wrapped and as tall as its text', async () => {
    // two units of 3,000 hazards each, about half of them closed
    const campaign = profileCampaign({ units: 2, unitsPerGroup: 2 });
    const state = generate(12_000, campaign);
    const path = await exportForm('hazards', state, campaign, tempDir(), {
      reporter: '王科长',
      now: Date.parse('2022-09-05T10:00:00+08:00'),
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    for (const ws of wb.worksheets)
      ws.eachRow((row) =>
        row.eachCell((c) => expect(String(c.value ?? '').length).toBeLessThanOrEqual(EXCEL_CELL_MAX)),
      );
    const [all, unit] = wb.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet];
    const closed = state.hazards.filter(
      (h) => h.unit === unit.name && /已整改|无法整改/.test(h.status),
    ).length;
    // the summary sheet counts and leaves the numbers to the units' sheets
    const summary = notesOf(all).find((n) => n.text.startsWith('核验情况'));
    expect(summary?.text).toMatch(/^核验情况：待核验 \d+ 条（逐条见各单位工作表）。$/);
    // a unit's sheet names every closed one by 序号, over several rows, runs shortened
    const rows = notesOf(unit);
    const verification = rows.filter((n) => /^(核验情况|（续）)/.test(n.text)).map((n) => n.text);
    expect(verification.length).toBeGreaterThan(1);
    const joined = verification.map((t, i) => (i > 0 ? t.replace(/^（续）/, '') : t)).join('');
    const named = joined
      .replace(/^核验情况：待核验 \d+ 条（序号/, '')
      .replace(/）。$/, '')
      .split('、')
      .flatMap((r) => {
        const [a, b] = r.split('–').map(Number);
        return b === undefined
          ? [a]
          : Array.from({ length: (b as number) - (a as number) + 1 }, (_, k) => (a as number) + k);
      });
    expect(named).toHaveLength(closed);
    for (const n of rows) {
      expect(n.wrap).toBe(true);
      expect(n.height).toBeGreaterThanOrEqual(22);
      expect(n.height).toBeLessThanOrEqual(409);
    }
  });
});

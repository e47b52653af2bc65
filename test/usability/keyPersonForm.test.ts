import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { fileOf, KEY_PERSON, makeBoundBot } from '../kit/testBot.js';

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** A4 landscape is 842 points wide; Excel prints a column of width w as 5.25·w + 3.75 points (Calibri 11, 96 dpi). */
function printedScale(ws: ExcelJS.Worksheet, columns: number): number {
  const m = ws.pageSetup.margins ?? { left: 0.7, right: 0.7 };
  const room = 842 - 72 * ((m.left ?? 0.7) + (m.right ?? 0.7));
  let table = 0;
  for (let c = 1; c <= columns; c++) table += 5.25 * (ws.getColumn(c).width ?? 8.43) + 3.75;
  return Math.min(1, room / table); // fitToWidth shrinks a wider table, never enlarges
}

/** Points a text needs on one line at 11 points: CJK characters are 11 points, others at least 5. */
function textPoints(text: string): number {
  return Array.from(text).reduce((a, ch) => a + (/[\u2E80-\uFFEF]/.test(ch) ? 11 : 5), 0);
}

const LONG_MEASURES =
  '每日电话报到并视频核验所在位置，每周由司法所工作人员当面谈话一次，联系村（社区）网格员和家属协助监管，发现异常立即上报区社区矫正管理局并启动应急预案';

describe('issue 18: 附件2 as printed', () => {
  test('11-point text printed at 10.5 points or more, as 附件1; rows of one height unless a cell needs more; nothing cut', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null);
    await bot.say(
      '张敏',
      KEY_PERSON.replace('刘某某', '欧阳小明')
        .replace('缓刑', '暂予监外执行')
        .replace(/管控措施：.*/, `管控措施：${LONG_MEASURES}`),
      null,
    );
    await bot.say(
      '张敏',
      KEY_PERSON.replace('刘某某', '王五').replace('涉毒、经济有纠纷', '家庭矛盾突出、精神异常、经济有纠纷'),
      null,
    );
    await bot.say('李娜', KEY_PERSON.replace('刘某某', '张三丰'), null);
    const f2 = await read(fileOf((await bot.send('王科长', '#导出 重点人员', null))[1]));
    const f1 = await read(fileOf((await bot.send('王科长', '#导出 台账', null))[1]));
    const f1Size = (f1.getWorksheet('东城司法所') as ExcelJS.Worksheet).getRow(4).getCell(1).font?.size ?? 0;
    expect(f1Size).toBeGreaterThanOrEqual(11);

    const checked: string[] = [];
    for (const ws of f2.worksheets) {
      const n = ws.getRow(4).cellCount;
      const scale = printedScale(ws, n);
      const dataRows: ExcelJS.Row[] = [];
      for (let r = 5; r <= ws.rowCount; r++)
        if (ws.getRow(r).getCell(n).border?.left) dataRows.push(ws.getRow(r)); // bordered: the table's rows
      if (dataRows.length === 0) continue; // a unit with nobody listed
      checked.push(ws.name);
      for (const row of [ws.getRow(4), ...dataRows])
        for (let c = 1; c <= n; c++) {
          const size = row.getCell(c).font?.size ?? 0;
          expect({ sheet: ws.name, row: row.number, size }).toEqual({
            sheet: ws.name,
            row: row.number,
            size: f1Size,
          });
          expect({ sheet: ws.name, printed: size * scale >= 10.5 }).toEqual({
            sheet: ws.name,
            printed: true,
          });
        }
      // 暂予监外执行 on one line
      const type = Array.from({ length: n }, (_, i) => i + 1).find(
        (c) => ws.getRow(4).getCell(c).value === '矫正类型',
      );
      expect(5.25 * (ws.getColumn(type ?? 0).width ?? 0) + 3.75 - 4).toBeGreaterThanOrEqual(
        textPoints('暂予监外执行'),
      );

      // nothing cut: each row at least as tall as its fullest cell's lines at 13 points a line
      const needs = dataRows.map((row) => {
        let lines = 1;
        for (let c = 1; c <= n; c++) {
          const v = row.getCell(c).value;
          if (typeof v !== 'string') continue;
          const points = 5.25 * (ws.getColumn(c).width ?? 8.43) + 3.75;
          lines = Math.max(lines, Math.ceil(textPoints(v) / points));
        }
        return lines;
      });
      dataRows.forEach((row, i) => {
        expect({ row: row.number, fits: (row.height ?? 15) >= (needs[i] ?? 1) * 13 }).toEqual({
          row: row.number,
          fits: true,
        });
      });
      // even: the rows that need no more than the others share one height; the long one alone is taller
      const long = dataRows.filter((row) => JSON.stringify(row.values).includes('应急预案'));
      const rest = dataRows.filter((row) => !long.includes(row));
      expect(new Set(rest.map((row) => row.height)).size).toBe(1);
      for (const row of long) expect(row.height).toBeGreaterThan(rest[0]?.height ?? 0);
    }
    expect(checked).toEqual(['全部单位', '东城司法所', '西城司法所']);
    await bot.close();
  });
});

import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Form } from '../../src/domain/catalog.js';
import { exportView } from '../../src/reports/exportView.js';
import { formSheets } from '../../src/reports/forms.js';
import { writeWorkbook } from '../../src/reports/writeWorkbook.js';
import { writeWorkbookInWorker } from '../../src/reports/writeWorkbookInWorker.js';
import { KEY_PERSON, makeBoundBot, tempDir } from '../kit/testBot.js';

/** Everything a printout shows of a workbook: per sheet its setup, merges, widths, heights and every cell with its style. */
async function layoutOf(path: string): Promise<unknown[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheets: unknown[] = [];
  wb.eachSheet((ws) => {
    const rows: unknown[] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: unknown[] = [];
      row.eachCell({ includeEmpty: true }, (c) => {
        cells.push([c.address, c.value instanceof Date ? c.value.toISOString() : c.value, c.style]);
      });
      rows.push([n, row.height, cells]);
    });
    sheets.push({
      name: ws.name,
      pageSetup: ws.pageSetup,
      views: ws.views,
      merges: (ws.model as unknown as { merges: string[] }).merges.slice().sort(),
      widths: ws.columns.map((c) => c.width),
      rows,
    });
  });
  return sheets;
}

describe('附件1/2/3 made in the worker are the files made on the bot’s thread', () => {
  test.each<Form>(['hazards', 'keyPersons', 'statistics'])(
    '%s: same sheets, cells, styles, merges, widths, heights, print setup',
    async (form) => {
      const bot = await makeBoundBot();
      await bot.say(
        '张敏',
        '#隐患\n类别：二.4\n情况：请假超时未销假，已约谈\n措施：约谈训诫\n时限：9月5日\n状态：整改中',
      );
      await bot.say('张敏', '#隐患\n类别：一.4\n情况：预案未更新\n措施：修订\n状态：已整改\n说明：已修订');
      await bot.say(
        '李娜',
        '#隐患\n类别：三.1\n情况：教育走过场\n措施：分类教育\n时限：2022-09-06\n重大：是',
      );
      await bot.say('张敏', KEY_PERSON, null);
      await bot.say('张敏', '#走访 12 教育 3');
      const { campaign } = bot.deps;
      const view = exportView(bot.store.state, campaign.units);
      const ctx = { reporter: '王科长', now: bot.now() };
      const dir = tempDir();
      const here = join(dir, 'here.xlsx');
      const there = join(dir, 'worker.xlsx');
      for (const p of [here, there]) closeSync(openSync(p, 'w'));
      await writeWorkbook(here, formSheets(form, view, campaign, ctx));
      await writeWorkbookInWorker(there, formSheets(form, view, campaign, ctx));
      const a = await layoutOf(here);
      expect(a.length).toBeGreaterThan(0);
      expect(await layoutOf(there)).toEqual(a);
      await bot.close();
    },
  );

  test('附件3’s rows keep one even height (22 points), as before the worker', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#走访 12 教育 3');
    const { campaign } = bot.deps;
    const dir = tempDir();
    const path = join(dir, 'stats.xlsx');
    closeSync(openSync(path, 'w'));
    const ctx = { reporter: '王科长', now: bot.now() };
    await writeWorkbookInWorker(
      path,
      formSheets('statistics', exportView(bot.store.state, campaign.units), campaign, ctx),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    // rows 1-3 title and 填报 line, 4-5 the two header rows; then one row per unit and 合计
    const heights = Array.from({ length: campaign.units.length + 1 }, (_, i) => ws.getRow(6 + i).height);
    expect(new Set(heights)).toEqual(new Set([22]));
    await bot.close();
  });
});

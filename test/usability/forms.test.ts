import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { fileOf, HAZARD, makeBoundBot } from '../kit/testBot.js';

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

describe('issue 18: the forms as printed', () => {
  // TODO(after rebase): main now deletes an exported file once delivered; read it before that
  test('附件3 fits one page; 附件1 prints 无 for a unit that reported none and maps 序号 to H numbers; 附件2 fits 暂予监外执行', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    await bot.say('李娜', '#上报 台账 无');
    const f3 = await read(fileOf((await bot.send('王科长', '#导出 统计', null))[1]));
    expect(f3.worksheets[0]?.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
    const f1 = await read(fileOf((await bot.send('王科长', '#导出 台账', null))[1]));
    const west = f1.getWorksheet('西城司法所') as ExcelJS.Worksheet;
    expect(west.getCell('A5').value).toBe('无');
    const east = f1.getWorksheet('东城司法所') as ExcelJS.Worksheet;
    const texts: string[] = [];
    east.eachRow((r) => {
      texts.push(String(r.getCell(1).value ?? ''));
    });
    expect(texts).toContain('序号与群内编号对照：1=H1');
    const f2 = await read(fileOf((await bot.send('王科长', '#导出 重点人员', null))[1]));
    const col = f2.worksheets[1]?.getColumn(4);
    expect(col?.width).toBeGreaterThanOrEqual(13); // 暂予监外执行: 6 characters, 12 units, plus padding
    await bot.close();
  });
});

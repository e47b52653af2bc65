import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { exportForm } from '../../src/reports/forms.js';
import { makeBoundBot, type TestBot, tempDir } from '../kit/testBot.js';

const N = 420;

async function exportUnit(b: TestBot): Promise<string> {
  return exportForm('hazards', b.store.state, b.deps.campaign, tempDir(), {
    reporter: '王科长',
    now: Date.parse('2022-08-20T10:00:00+08:00'),
    units: ['东城司法所'],
  });
}

/** The unit sheet's rows as text, first cell of each. */
async function firstCells(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets.find((w) => w.name === '东城司法所') ?? wb.worksheets[0];
  const out: string[] = [];
  ws?.eachRow((row) => {
    out.push(String(row.getCell(1).value ?? ''));
  });
  return out;
}

describe('round trip with notes long enough to continue in （续） rows', () => {
  it(`${N} hazards of a unit: the exported 附件1 imports all of them and nothing from the notes`, async () => {
    const a = await makeBoundBot();
    for (let i = 1; i <= N; i++)
      await a.say(
        '张敏',
        `#隐患\n类别：一.3\n情况：第${i}处台账不全\n措施：补齐台账\n状态：已整改\n说明：已补齐`,
        null,
      );
    expect(a.store.state.hazards).toHaveLength(N);
    const file = await exportUnit(a);
    const rows = await firstCells(file);
    // the notes did continue: the 序号 key is too long for one row
    expect(rows.some((r) => r.startsWith('（续）'))).toBe(true);

    const b = await makeBoundBot();
    await b.attach('张敏', file, null);
    expect(await b.say('张敏', '#导入', null)).toContain(`${N} 条可导入，0 条有问题`);
    await b.say('张敏', '确认导入', null);
    expect(b.store.state.hazards.map((h) => h.situation)).toEqual(
      a.store.state.hazards.map((h) => h.situation),
    );
    await a.close();
    await b.close();
  });
});

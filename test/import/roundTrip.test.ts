import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { exportForm } from '../../src/reports/forms.js';
import { makeBoundBot, type TestBot, tempDir } from '../kit/testBot.js';

/** Every cell of every sheet, as text, row by row: what a reader of the file sees. */
async function cells(path: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: string[] = [];
  wb.eachSheet((ws) => {
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const v = (row.values as unknown[])
        .slice(1)
        .map((c) => (c instanceof Date ? c.toISOString() : JSON.stringify(c ?? null)));
      out.push(`${ws.name}!${n}: ${v.join(' | ')}`);
    });
  });
  return out;
}

async function exportUnit(b: TestBot, form: 'hazards' | 'keyPersons'): Promise<string> {
  return exportForm(form, b.store.state, b.deps.campaign, tempDir(), {
    reporter: '王科长',
    now: Date.parse('2022-08-20T10:00:00+08:00'),
    units: ['东城司法所'],
  });
}

/** Sends a file privately, #导入, 确认导入; returns the preview. */
async function importFile(b: TestBot, who: string, path: string): Promise<string> {
  await b.attach(who, path, null);
  const preview = await b.say(who, '#导入', null);
  await b.say(who, '确认导入', null);
  return preview;
}

describe('round trip: export → import into a fresh store → export gives the same cells', () => {
  it('附件1 and 附件2 of a unit', async () => {
    const a = await makeBoundBot();
    await a.say(
      '张敏',
      '#隐患\n类别：二.4\n情况：对象刘某请假超时\n措施：约谈\n时限：9月5日\n状态：整改中\n重大：是',
      null,
    );
    await a.say('张敏', '#隐患\n类别：一.3\n情况：隐患台账不全\n措施：补齐台账\n时限：2022-09-20', null);
    await a.say(
      '张敏',
      '#隐患\n类别：三.2\n情况：个别教育流于形式\n措施：制定个别教育方案\n状态：已整改\n说明：已制定方案',
      null,
    );
    await a.say(
      '张敏',
      "#隐患\n类别：二.8\n情况：=cmd|' /C calc'!A0 以等号开头的情况\n措施：+1 加号开头\n时限：9月30日",
      null,
    );
    await a.say(
      '张敏',
      '#重点人员\n姓名：刘某某\n性别：男\n矫正类型：缓刑\n类型：涉毒、经济有纠纷\n罪名：非法持有毒品罪\n刑期：有期徒刑一年\n矫正期限：2022-03-01至2024-02-29\n风险：与债主冲突\n管控措施：每周走访\n责任人：张敏',
      null,
    );
    await a.say(
      '张敏',
      '#重点人员\n姓名：韩梅\n性别：女\n矫正类型：暂予监外执行\n类型：身体有重病\n管控措施：每月复查',
      null,
    );
    expect(a.store.state.hazards).toHaveLength(4);
    expect(a.store.state.keyPersons).toHaveLength(2);
    const h1 = await exportUnit(a, 'hazards');
    const p1 = await exportUnit(a, 'keyPersons');

    const b = await makeBoundBot();
    expect(await importFile(b, '张敏', h1)).toContain('4 条可导入，0 条有问题');
    expect(await importFile(b, '张敏', p1)).toContain('2 条可导入，0 条有问题');
    const h2 = await exportUnit(b, 'hazards');
    const p2 = await exportUnit(b, 'keyPersons');
    expect(await cells(h2)).toEqual(await cells(h1));
    expect(await cells(p2)).toEqual(await cells(p1));
    // a text that looks like a formula is stored and exported as text, never as a formula
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(h2);
    const values = wb.worksheets.flatMap((ws) => ws.getSheetValues().flat());
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    expect(b.store.state.hazards[3]?.situation).toMatch(/^=cmd\|/);
    await a.close();
    await b.close();
  });
});

import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { STATUSES } from '../../src/domain/catalog.js';
import { exportForm } from '../../src/reports/forms.js';
import { computeStatistics } from '../../src/reports/statistics.js';
import {
  fileOf,
  KEY_PERSON,
  makeBoundBot,
  type TestBot,
  tempDir,
  testCampaign,
  textOf,
} from '../kit/testBot.js';

async function read(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function merges(ws: ExcelJS.Worksheet): string[] {
  return (ws.model as unknown as { merges: string[] }).merges.slice().sort();
}

async function seeded(): Promise<TestBot> {
  // Exports are kept a day after they are sent, so the test can read what was delivered.
  const bot = await makeBoundBot({ campaign: testCampaign({ exportRetentionHours: 24 }) });
  await bot.say(
    '张敏',
    '#隐患\n类别：二.4\n情况：=HYPERLINK("http://x","点我")\n措施：+约谈 -训诫 @所长\n时限：9月5日\n状态：整改中',
  );
  await bot.say('张敏', '#隐患\n类别：一.4\n情况：预案未更新\n措施：修订\n状态：已整改\n说明：已修订');
  await bot.say('李娜', '#隐患\n类别：三.1\n情况：教育走过场\n措施：分类教育\n时限：2022-09-06');
  await bot.say('张敏', KEY_PERSON, null);
  await bot.say('张敏', '#走访 12 教育 3');
  await bot.say('李娜', '#帮扶 4');
  await bot.say('张敏', '#定位 10 10');
  await bot.say('李娜', '#定位 90 45');
  await bot.say('张敏', '#应收未收 1');
  await bot.say('张敏', '#脱管 0');
  await bot.say('张敏', '#上报 台账');
  return bot;
}

describe('附件3 .xlsx', () => {
  test('title, 填报 line, two-row header with its merges, every figure and the 合计 row', async () => {
    const bot = await seeded();
    await bot.say('张敏', '#上报 统计');
    await bot.say('李娜', '#应收未收 0');
    await bot.say('李娜', '#脱管 0');
    await bot.say('李娜', '#上报 统计');
    const out = await bot.send('王科长', '#统计');
    expect(textOf(out[0])).toMatch(/合计 2 个已上报单位（共 3 个）；未上报 1 个，不计入合计：南城/);
    expect(out).toHaveLength(2);
    const file = fileOf(out[1]);
    expect(file).toMatch(/附件3-社区矫正隐患排查整治统计表-20220805-0900\.xlsx$/);
    const ws = (await read(file)).worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('附件3');
    expect(ws.getCell('A2').value).toBe('社区矫正隐患排查整治统计表');
    expect(ws.getCell('A3').value).toBe('填报单位：区社区矫正管理局');
    expect(String(ws.getCell('E3').value)).toBe('填报人：王科长');
    expect(String(ws.getCell('I3').value)).toBe('填报时间：2022年8月5日');
    expect([
      ws.getCell('A4').value,
      ws.getCell('B4').value,
      ws.getCell('F4').value,
      ws.getCell('I4').value,
    ]).toEqual(['地区', '排查风险隐患总数', '6+9类重点社区矫正对象数', '定位监管率']);
    expect([2, 3, 4, 5].map((c) => ws.getRow(5).getCell(c).value)).toEqual([...STATUSES]);
    expect(merges(ws)).toEqual(
      [
        'A2:M2',
        'A3:D3',
        'E3:H3',
        'I3:M3',
        'A4:A5',
        'B4:E4',
        'F4:F5',
        'G4:G5',
        'H4:H5',
        'I4:I5',
        'J4:J5',
        'K4:K5',
        'L4:L5',
        'M4:M5',
        'A10:M10',
        'A11:M11',
      ].sort(),
    );
    const table = computeStatistics(bot.store.state, bot.deps.campaign, ['东城司法所', '西城司法所']);
    const rows = [...table.rows, table.total];
    rows.forEach((r, i) => {
      const x = ws.getRow(i < 2 ? 6 + i : 9);
      expect(x.getCell(1).value).toBe(i < 2 ? r.unit : '合计（2个单位）');
      expect([2, 3, 4, 5].map((c) => x.getCell(c).value)).toEqual(STATUSES.map((s) => r.statuses[s]));
      expect(x.getCell(6).value).toBe(r.keyPersons);
      expect(x.getCell(7).value ?? null).toBe(r.uncollected);
      expect(x.getCell(8).value ?? null).toBe(r.absconded);
      expect(x.getCell(9).value).toBe(r.rate ?? '—');
      expect([10, 11, 12, 13].map((c) => x.getCell(c).value)).toEqual([
        r.visits,
        r.punishments,
        r.education,
        r.assistance,
      ]);
    });
    const total = ws.getRow(9);
    expect(total.getCell(1).value).toBe('合计（2个单位）');
    expect(total.getCell(9).value).toBeCloseTo(0.55, 10);
    expect(total.getCell(9).numFmt).toBe('0.0%');
    expect(total.getCell(1).font?.bold).toBe(true);
    // 南城 never submitted 附件3: marked 未上报, not zeros
    expect(ws.getRow(8).getCell(1).value).toBe('南城司法所');
    for (let c = 2; c <= 13; c++) expect(ws.getRow(8).getCell(c).value).toBe('未上报');
    expect(ws.getCell('A11').value).toBe('未上报统计表的单位（1 个）标为“未上报”，不计入合计。');
    expect(ws.getCell('A10').value).toBe('注：此台账9月29日前报区社区矫正管理局。');
    // the seed's form prints its footer once, right below the table
    const footers: number[] = [];
    ws.eachRow((row, n) => {
      if (String(row.getCell(1).value ?? '').includes('此台账')) footers.push(n);
    });
    expect(footers).toEqual([10]);
    expect(ws.getCell('B6').border?.top?.style).toBe('thin');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToWidth: 1 });
    await bot.close();
  });
});

describe('附件1 and 附件2 .xlsx', () => {
  test('a sheet with all units, then one official sheet per unit; typed text stays text', async () => {
    const bot = await seeded();
    const file = await exportForm('hazards', bot.store.state, bot.deps.campaign, tempDir(), {
      reporter: '王科长',
      now: bot.now(),
    });
    const wb = await read(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['全部单位', '东城司法所', '西城司法所', '南城司法所']);
    const east = wb.getWorksheet('东城司法所') as ExcelJS.Worksheet;
    expect(east.getCell('A3').value).toBe('填报单位：东城司法所');
    expect(String(east.getCell('C3').value)).toBe('填报人：张敏');
    expect(east.getRow(4).values).toEqual([
      undefined,
      '序号',
      '风险隐患类别',
      '风险隐患基本情况',
      '整改措施',
      '责任部门',
      '责任人',
      '完成时限',
      '整改状态',
    ]);
    const r = east.getRow(5);
    expect(r.getCell(2).value).toBe('二.4 不假外出、审批不严和请假超时');
    expect(r.getCell(3).value).toBe('=HYPERLINK("http://x","点我")');
    expect(r.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(r.getCell(4).value).toBe('+约谈 -训诫 @所长');
    expect(r.getCell(4).type).toBe(ExcelJS.ValueType.String);
    // a Shanghai calendar date, whatever the server TZ (exceljs reads dates back as UTC)
    expect((r.getCell(7).value as Date).toISOString()).toBe('2022-09-05T00:00:00.000Z');
    expect(r.getCell(8).value).toBe('整改中');
    expect(east.getRow(6).getCell(7).value ?? '').toBe('');
    expect(String(east.getRow(7).getCell(1).value)).toMatch(
      /^说明：1\.工作台账请于9月6日前上报区社区矫正管理局。/,
    );
    expect(String((wb.getWorksheet('西城司法所') as ExcelJS.Worksheet).getCell('C3').value)).toBe(
      '填报人：（未上报）',
    );
    const all = wb.getWorksheet('全部单位') as ExcelJS.Worksheet;
    expect(all.getRow(4).getCell(2).value).toBe('填报单位');
    expect([5, 6, 7].map((n) => all.getRow(n).getCell(3).value)).toEqual(['H1', 'H2', 'H3']);
    await bot.close();
  });

  test('附件2 in its official columns, types joined with 、; refused in a group, sent in private', async () => {
    const bot = await seeded();
    expect(await bot.say('王科长', '#导出 重点人员')).toMatch(/不能发到群里/);
    const out = await bot.send('王科长', '#导出 重点人员', null);
    const file = fileOf(out[1]);
    expect(file).toMatch(/附件2-6\+9重点社区矫正对象台账-20220805-0900\.xlsx$/);
    const ws = (await read(file)).getWorksheet('东城司法所') as ExcelJS.Worksheet;
    expect(ws.getRow(4).values).toEqual([
      undefined,
      '序号',
      '姓名',
      '性别',
      '矫正类型',
      '重点人员类型',
      '罪名',
      '刑期',
      '矫正期限',
      '风险隐患',
      '管控措施',
      '责任人',
    ]);
    expect(ws.getRow(5).values).toEqual([
      undefined,
      1,
      '刘某某',
      '男',
      '缓刑',
      '涉毒、经济有纠纷',
      '非法持有毒品罪',
      '有期徒刑一年，缓刑二年',
      '2022-03-01至2024-02-29',
      '近期与债主冲突',
      '每周走访一次，手机定位核查',
      '张敏',
    ]);
    expect(await bot.say('张敏', '#导出 重点人员', null)).toMatch(/仅限督导人员导出/);
    await bot.close();
  });
});

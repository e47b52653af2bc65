import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { fileRefusal } from '../../../src/core/privacy.js';
import type { Outgoing } from '../../../src/core/types.js';
import { categoryLabel, STATUSES } from '../../../src/domain/catalog.js';
import { formatRate } from '../../../src/reports/statistics.js';
import { campaignInProgress, SECRETS } from '../../kit/campaignData.js';
import { readDocx, runProperties, unzip } from '../../kit/readDocx.js';
import { GROUP, makeBoundBot, type TestBot, textOf } from '../../kit/testBot.js';

const fileIn = (out: Outgoing[], form: string) => {
  const o = out.find((x) => 'file' in x.reply && x.reply.form === form);
  if (!o || !('file' in o.reply)) throw new Error(`no ${form} file in ${JSON.stringify(out)}`);
  return o.reply.file;
};

/** A sheet's rows as a reader sees them: each cell as text (a rate as 附件3 prints it, a blank as ''). */
async function sheetRows(path: string, sheet = 0): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[sheet] as ExcelJS.Worksheet;
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= ws.columnCount; c++) {
      const cell = row.getCell(c);
      const v = cell.value;
      cells.push(
        v === null || v === undefined
          ? ''
          : typeof v === 'number' && cell.numFmt === '0.0%'
            ? formatRate(v)
            : String(v),
      );
    }
    rows.push(cells);
  });
  return rows;
}

/** 附件3's table in the .docx: the one headed 地区 holding a row that starts with `first`. */
function statRowsIn(doc: ReturnType<typeof readDocx>, first: (cell: string) => boolean): string[][] {
  return doc.tables
    .filter((t) => t[0]?.[0] === '地区')
    .flatMap((t) => t.slice(1).filter((r) => first(r[0] ?? '')));
}

describe('#总结 (supervisor, the district)', () => {
  let b: TestBot;
  let doc: ReturnType<typeof readDocx>;
  let docxPath: string;
  let stat: string[][];
  let ledger: string[][];
  beforeAll(async () => {
    b = await campaignInProgress();
    const out = await b.send('王科长', '#总结', null);
    expect(textOf(out[0])).toMatch(/总结报告草稿（全部 3 个单位/);
    docxPath = fileIn(out, 'summary');
    doc = readDocx(docxPath);
    stat = await sheetRows(fileIn(await b.send('王科长', '#导出 统计', null), 'statistics'));
    ledger = await sheetRows(fileIn(await b.send('王科长', '#导出 台账', null), 'hazards'));
  }, 120_000);
  afterAll(() => b.close());

  test('附件3: the 合计 row and every unit row read exactly as in the 附件3 file', () => {
    const total = stat.find((r) => r[0]?.startsWith('合计'));
    expect(total?.[0]).toBe('合计（2个单位）');
    expect(statRowsIn(doc, (c) => c.startsWith('合计'))).toEqual([total]);
    for (const unit of b.deps.campaign.units) {
      const row = stat.find((r) => r[0] === unit);
      expect(row).toBeDefined();
      expect(statRowsIn(doc, (c) => c === unit)).toEqual([row]);
    }
    // the prose quotes the same 合计
    const t = total as string[];
    expect(doc.all).toContain(
      `走访 ${t[9]} 人次、惩处 ${t[10]} 人次、教育 ${t[11]} 人次、帮扶 ${t[12]} 人次`,
    );
    expect(doc.all).toContain(`定位监管率 ${t[8]}`);
    expect(doc.all).toContain(`“6+9”类重点社区矫正对象 ${t[5]} 人`);
  });

  test('附件1: hazards by status and by category equal the counts of the ledger rows', () => {
    const header = ledger.findIndex((r) => r.includes('整改状态'));
    const rows = ledger.slice(header + 1).filter((r) => /^H\d+$/.test(r[2] ?? ''));
    expect(rows).toHaveLength(5);
    const statusCol = ledger[header]?.indexOf('整改状态') ?? -1;
    const catCol = ledger[header]?.indexOf('风险隐患类别') ?? -1;
    const statusTable = doc.tables.find((t) => t[0]?.[0] === '整改状态');
    expect(statusTable?.[1]).toEqual([
      '条数',
      ...STATUSES.map((s) => String(rows.filter((r) => r[statusCol] === s).length)),
      String(rows.length),
    ]);
    expect(doc.all).toContain(`共排查风险隐患 ${rows.length} 条`);
    const catTable = doc.tables.find((t) => t[0]?.[1] === '风险隐患类别') as string[][];
    const inLedger = new Map<string, number>();
    for (const r of rows) inLedger.set(r[catCol] as string, (inLedger.get(r[catCol] as string) ?? 0) + 1);
    expect(new Map(catTable.slice(1).map((r) => [r[1] as string, Number(r[2])]))).toEqual(inLedger);
    // most frequent first
    expect(catTable[1]?.[1]).toBe(categoryLabel('二.4'));
  });

  test('verification, 退回 twice (老大难), 重大 and 无法整改 with its reason, the 抽查', () => {
    expect(doc.all).toMatch(/核验销账 1 条，等待核验 2 条；核验退回 1 条，其中退回两次及以上 1 条/);
    const twice = doc.tables.find((t) => t[0]?.[4] === '退回次数');
    expect(twice?.slice(1)).toEqual([['H2', '东城司法所', categoryLabel('二.4'), '已整改（已销账）', '2']]);
    const major = doc.tables.find((t) => t[0]?.[4] === '基本情况');
    expect(major?.slice(1).map((r) => r[0])).toEqual(['H3']);
    const cannot = doc.tables.find((t) => t[0]?.[4] === '原因');
    expect(cannot?.[1]?.[0]).toBe('H3');
    expect(cannot?.[1]?.[4]).toMatch(/长期外出务工无法联系/);
    expect(doc.all).toMatch(/共组织随机抽查 1 次，抽取已整改、无法整改隐患 1 条/);
    expect(doc.all).toMatch(/普遍性问题[\s\S]*二\.4 不假外出、审批不严和请假超时（2 个单位、3 条）/);
  });

  test('key persons by type: counts only, the health types as one unnamed line', () => {
    const types = doc.tables.find((t) => t[0]?.[0] === '类型') as string[][];
    const count = (type: string) => types.find((r) => r[0] === type)?.[1];
    expect(count('涉毒')).toBe('1');
    expect(count('经济有纠纷')).toBe('1');
    expect(count('健康状况类（3类合并统计，不分列）')).toBe('1');
  });

  test('no key person name, crime or health term anywhere in the file', () => {
    const everything = [...unzip(docxPath).values()].map((b) => b.toString('utf8')).join('\n');
    for (const secret of [...SECRETS.names, ...SECRETS.crimes, '患艾', '精神有异常', '身体有重病'])
      expect(everything).not.toContain(secret);
    // the hazard text that quoted a name is there, masked
    expect(doc.all).toMatch(/（已隐去）|\*/);
  });

  test('a 公文 page: A4, margins 37/35/28/26 mm, title 二号 小标宋 falling back to 黑体, body 三号 仿宋', () => {
    const twips = (mm: number) => String(Math.round((mm * 1440) / 25.4));
    expect(doc.xml).toContain(`<w:pgSz w:w="${twips(210)}" w:h="${twips(297)}"`);
    expect(doc.xml).toMatch(
      new RegExp(
        `<w:pgMar w:top="${twips(37)}" w:right="${twips(26)}" w:bottom="${twips(35)}" w:left="${twips(28)}"`,
      ),
    );
    expect(runProperties(doc.xml, '达州市达川区司法局关于')).toEqual({
      eastAsia: '方正小标宋简体',
      halfPoints: 44,
    });
    expect(runProperties(doc.xml, '按照')).toEqual({ eastAsia: '仿宋_GB2312', halfPoints: 32 });
    expect(runProperties(doc.xml, '一、基本情况')).toEqual({ eastAsia: '黑体', halfPoints: 32 });
    expect(runProperties(doc.xml, '（一）报送情况')).toEqual({ eastAsia: '楷体_GB2312', halfPoints: 32 });
    const fonts = unzip(docxPath).get('word/fontTable.xml')?.toString('utf8');
    expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/>');
    expect(fonts).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    // four charts embedded
    expect([...unzip(docxPath).keys()].filter((k) => k.startsWith('word/media/'))).toHaveLength(4);
  });

  test('the file was written owner-only and the bot keeps no copy', () => {
    expect(statSync(docxPath).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(b.dir, 'files')).filter((f) => f.endsWith('.docx'))).toEqual([]);
  });
});

describe('#总结 elsewhere', () => {
  test('a caseworker gets their own unit only; in the group everyone is told to ask privately', async () => {
    const b = await campaignInProgress();
    try {
      const group = await b.send('张敏', '#总结', GROUP);
      expect(group.map((o) => o.to)).toEqual([{ room: GROUP }]);
      expect(textOf(group[0])).toMatch(/只能在与机器人的私聊中使用/);
      expect((await b.send('王科长', '#总结', GROUP)).some((o) => 'file' in o.reply)).toBe(false);
      const out = await b.send('张敏', '#总结', null);
      const doc = readDocx(fileIn(out, 'summary'));
      expect(doc.all).toMatch(/^东城司法所关于/);
      expect(doc.all).not.toContain('西城司法所');
      const own = await sheetRows(fileIn(await b.send('张敏', '#导出 统计', null), 'statistics'));
      const row = own.find((r) => r[0] === '东城司法所');
      expect(statRowsIn(doc, (c) => c === '东城司法所')).toEqual([row]);
    } finally {
      await b.close();
    }
  }, 120_000);

  test('before any data: a report that says so, not an error', async () => {
    const b = await makeBoundBot();
    try {
      const out = await b.send('王科长', '#总结', null);
      const doc = readDocx(fileIn(out, 'summary'));
      expect(doc.all).toContain('截至目前，尚未登记风险隐患。');
      expect(doc.all).toMatch(
        /尚未登记任何隐患、重点人员或统计数据的单位 3 个：东城司法所、西城司法所、南城司法所/,
      );
      expect(doc.all).toContain('尚未组织随机抽查');
    } finally {
      await b.close();
    }
  }, 60_000);

  test('the outlet sends a unit summary to that unit or a supervisor only, and never to a group', async () => {
    const b = await makeBoundBot();
    try {
      const file = { file: '/x.docx', form: 'summary' as const, unit: '东城司法所' };
      const { state } = b.store;
      const c = b.deps.campaign;
      expect(fileRefusal({ person: '张敏' }, file, state, c)).toBeNull();
      expect(fileRefusal({ person: '王科长' }, file, state, c)).toBeNull();
      expect(fileRefusal({ person: '李娜' }, file, state, c)).toMatch(/只发送给督导人员或本单位人员/);
      expect(fileRefusal({ person: '李娜' }, { file: '/x.docx', form: 'summary' }, state, c)).not.toBeNull();
      expect(fileRefusal({ room: GROUP }, file, state, c)).toMatch(/不发到群里/);
    } finally {
      await b.close();
    }
  });
});

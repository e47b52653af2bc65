import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { GROUP, makeBoundBot, snapshot, tempDir } from '../kit/testBot.js';
import { officeDocx, SEED_HAZARD_HEADER } from './ledgerFiles.js';

type Out = { to: object; reply: object }[];
const texts = (out: Out) =>
  out.map((o) => ('text' in o.reply ? (o.reply as { text: string }).text : '[file]')).join('\n');

describe('#导入: the forms offices keep', () => {
  it('a Word table with the seed columns (.docx)', async () => {
    const b = await makeBoundBot();
    const path = await officeDocx(tempDir(), '附件1.docx', SEED_HAZARD_HEADER, [
      [
        '1',
        '二.4 不假外出、审批不严和请假超时',
        '对象请假超时\n两次',
        '约谈',
        '东城司法所',
        '张敏',
        '2022.9.30',
        '未整改',
      ],
      ['2', '（二）6', '惩处不到位', '提请警告', '东城司法所', '张敏', '9月20日', '整改中'],
    ]);
    await b.attach('张敏', path, null);
    const preview = texts(await b.send('张敏', '#导入', null));
    expect(preview).toContain('2 条可导入，0 条有问题');
    expect(texts(await b.send('张敏', '确认导入', null))).toContain('已导入 2 条');
    expect(b.store.state.hazards.map((h) => [h.category, h.deadline, h.situation])).toEqual([
      ['二.4', '2022-09-30', '对象请假超时\n两次'],
      ['二.6', '2022-09-20', '惩处不到位'],
    ]);
    await b.close();
  });

  it('a messy sheet: columns in any order, short headers, codes and words, every date form, status synonyms, blank rows, formulas, control characters', async () => {
    const b = await makeBoundBot();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('隐患');
    // control characters and U+FFFF as Excel writes them into the file (_xHHHH_)
    ws.addRow(['东城司法所隐患台账']);
    ws.addRow([]);
    ws.addRow(['状态', '时限', '类别', '情况', '措施', '责任人', '序号']);
    ws.addRow(['已完成', '二〇二二年九月三十日', '2-4', '请假\n超时', '已约谈', '张敏', 1]);
    ws.addRow(['正在整改', '2022/9/30', '不假外出', '外出未报_x0007_备_xFFFF_', '加强审批', '李强', 2]);
    ws.addRow([]);
    ws.addRow([
      '未整改',
      '9.30',
      '二.6',
      { formula: 'CONCAT("脱","管")', result: '脱管' },
      "=cmd|' /C calc'!A0",
      '王五',
      3,
    ]);
    ws.addRow(['未整改', '9月底', '二.6', '第四条', '措施', '王五', 4]);
    ws.addRow(['未整改', '9月30日', '不知道的类别', '第五条', '措施', '王五', 5]);
    ws.addRow(['说明：1.以上为本所台账。']);
    ws.addRow(['未整改', '9月30日', '二.6', '说明之后的行不读', '措施', '王五', 6]);
    const path = join(tempDir(), '杂乱.xlsx');
    await wb.xlsx.writeFile(path);
    await b.attach('张敏', path, null);
    const preview = texts(await b.send('张敏', '#导入', null));
    expect(preview).toContain('3 条可导入，2 条有问题（第 8 行：时限“9月底”不是有效日期');
    expect(preview).toContain('第 9 行：没有找到类别“不知道的类别”');
    await b.send('张敏', '确认导入', null);
    const [h1, h2, h3] = b.store.state.hazards;
    expect(h1).toMatchObject({
      category: '二.4',
      deadline: '2022-09-30',
      status: '已整改',
      note: '已约谈',
      situation: '请假\n超时',
    });
    expect(h2).toMatchObject({ category: '二.4', status: '整改中', situation: '外出未报备' });
    // the formula's shown value, as text; a text that looks like a formula stays text
    expect(h3).toMatchObject({ situation: '脱管', measure: "=cmd|' /C calc'!A0" });
    expect(b.store.state.hazards).toHaveLength(3);
    await b.close();
  });

  it("附件2: a supervisor imports a unit named by the file's 填报单位 line, privately; the group sees nothing of the file", async () => {
    const b = await makeBoundBot();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('重点人员');
    ws.addRow(['附件2']);
    ws.addRow(['“6+9”重点社区矫正对象台账']);
    ws.addRow(['填报单位：西城司法所', '', '', '', '填报人：李娜']);
    ws.addRow([
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
    ws.addRow([
      1,
      '赵六',
      '男',
      '缓刑',
      '经济有纠纷、涉毒',
      '盗窃罪',
      '有期徒刑一年',
      '2022-03-01至2024-02-29',
      '再犯风险',
      '每周走访',
      '李娜',
    ]);
    ws.addRow([
      2,
      '钱七',
      '女',
      '假释',
      '情感有矛盾\n患艾',
      '诈骗罪',
      '三年',
      '2022.1.1-2023.12.31',
      '',
      '每月谈话',
      '',
    ]);
    ws.addRow([3, '孙八', '男', '缓刑', '不认识的类型', '', '', '', '', '走访', '']);
    const path = join(tempDir(), '重点人员.xlsx');
    await wb.xlsx.writeFile(path);
    await b.attach('王科长', path, null);
    const out = (await b.send('王科长', '#导入', null)) as Out;
    expect(out.every((o) => 'person' in o.to)).toBe(true);
    const preview = texts(out);
    expect(preview).toContain('附件2 重点人员台账，导入到 西城司法所');
    expect(preview).toContain('2 条可导入，1 条有问题');
    expect(preview).toContain('赵六');
    const done = (await b.send('王科长', '确认导入', null)) as Out;
    expect(texts(done)).toContain('P1–P2');
    expect(b.store.state.keyPersons.map((p) => [p.name, p.unit, p.types, p.owner])).toEqual([
      ['赵六', '西城司法所', ['经济有纠纷', '涉毒'], '李娜'],
      ['钱七', '西城司法所', ['情感有矛盾', '患艾'], '王科长'],
    ]);
    // nothing about the file reached the group
    expect(b.sent.filter((o) => 'room' in o.to && o.to.room === GROUP)).toHaveLength(0);
    // in the group, the imported names are masked like typed ones
    const echo = texts((await b.send('李娜', '#历史 P1')) as Out);
    expect(echo).not.toContain('赵六');
    await b.close();
  });

  it("a caseworker cannot import another unit's ledger", async () => {
    const b = await makeBoundBot();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['填报单位：西城司法所']);
    ws.addRow(SEED_HAZARD_HEADER);
    ws.addRow([1, '二.4', '情况', '措施', '西城司法所', '李娜', '2022-09-30', '未整改']);
    const path = join(tempDir(), 'x.xlsx');
    await wb.xlsx.writeFile(path);
    const before = snapshot(b);
    await b.attach('张敏', path, null);
    expect(texts(await b.send('张敏', '#导入', null))).toContain(
      '文件的填报单位是西城司法所，您只能导入本单位（东城司法所）的台账',
    );
    expect(texts(await b.send('张敏', '确认导入', null))).toContain('没有待确认的导入');
    expect(snapshot(b)).toBe(before);
    await b.close();
  });
});

describe('#导入: 附件2 as a Word table', () => {
  it("the seed's headers broken over lines, a two-row header with merged cells (重点人员类型 over 6类 and 9类)", async () => {
    const { Document, Packer, Paragraph, Table, TableCell, TableRow } = await import('docx');
    const { writeFileSync } = await import('node:fs');
    const p = (t: string) => t.split('\n').map((x) => new Paragraph(x));
    const tall = (t: string) => new TableCell({ children: p(t), rowSpan: 2 });
    const top = new TableRow({
      children: [
        tall('序号'),
        tall('姓名'),
        tall('性别'),
        tall('矫正\n类型'),
        new TableCell({ children: p('重点人员类型'), columnSpan: 2 }),
        tall('罪名'),
        tall('刑期'),
        tall('矫正\n期限'),
        tall('风险\n隐患'),
        tall('管控\n措施'),
        tall('责任人'),
      ],
    });
    const sub = new TableRow({
      children: [new TableCell({ children: p('6类') }), new TableCell({ children: p('9类') })],
    });
    const row = (cells: string[]) =>
      new TableRow({ children: cells.map((c) => new TableCell({ children: p(c) })) });
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph('附件2'),
            new Table({
              rows: [
                top,
                sub,
                row([
                  '1',
                  '赵六',
                  '男',
                  '缓刑',
                  '经济有纠纷',
                  '涉毒',
                  '盗窃罪',
                  '一年',
                  '2022-03-01至2024-02-29',
                  '再犯',
                  '每周走访',
                  '张敏',
                ]),
                row(['2', '钱七', '女', '假释', '', '患艾', '诈骗罪', '三年', '', '', '每月谈话', '']),
              ],
            }),
          ],
        },
      ],
    });
    const path = join(tempDir(), '附件2.docx');
    writeFileSync(path, await Packer.toBuffer(doc));
    const b = await makeBoundBot();
    await b.attach('张敏', path, null);
    const preview = texts(await b.send('张敏', '#导入', null));
    expect(preview).toContain('2 条可导入，0 条有问题');
    await b.send('张敏', '确认导入', null);
    expect(
      b.store.state.keyPersons.map((k) => [k.name, k.correctionType, k.types, k.termEnd, k.risk]),
    ).toEqual([
      ['赵六', '缓刑', ['经济有纠纷', '涉毒'], '2024-02-29', '再犯'],
      ['钱七', '假释', ['患艾'], null, ''],
    ]);
    await b.close();
  });
});

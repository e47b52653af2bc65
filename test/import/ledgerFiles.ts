import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';

/** The columns of 附件1 as the seed's form prints them (with its own spelling 情基本情况). */
export const SEED_HAZARD_HEADER = [
  '序号',
  '风险隐患类别',
  '风险隐患情基本情况',
  '整改措施',
  '责任部门',
  '责任人',
  '完成时限',
  '整改状态',
];

/**
 * An office's 附件1 in Excel: the 附件1 line, a title, the 填报单位 line, a two-row header (整改情况
 * merged over its columns), the rows, a 说明 footer.
 */
export async function officeXlsx(
  dir: string,
  name: string,
  rows: (string | number | Date | ExcelJS.CellValue)[][],
  opts: { unit?: string; hiddenSheet?: boolean } = {},
): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['附件1']);
  ws.addRow(['社区矫正风险隐患排查整治工作台账']);
  ws.mergeCells(2, 1, 2, 8);
  ws.addRow([
    `填报单位：${opts.unit ?? '东城司法所'}`,
    '',
    '',
    '填报人：张敏',
    '',
    '',
    '填报时间：2022年8月1日',
  ]);
  ws.addRow(['序号', '风险隐患\n类别', '风险隐患情基本情况', '整改情况', '', '', '', '']);
  ws.addRow(['', '', '', '整改措施', '责任部门', '责任人', '完成时限', '整改状态']);
  ws.mergeCells(4, 4, 4, 8);
  ws.mergeCells(4, 1, 5, 1);
  ws.mergeCells(4, 2, 5, 2);
  ws.mergeCells(4, 3, 5, 3);
  for (const r of rows) ws.addRow(r);
  ws.addRow([]);
  ws.addRow(['说明：1.工作台账请于8月10日前上报。']);
  if (opts.hiddenSheet) {
    const h = wb.addWorksheet('旧数据');
    h.state = 'hidden';
    h.addRow(SEED_HAZARD_HEADER);
    h.addRow([1, '二.4', '隐藏表里的一行', '措施', '东城司法所', '张敏', '2022-09-30', '未整改']);
  }
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

/** A Word file with one table: the header row and the rows, as the seed's form prints them. */
export async function officeDocx(
  dir: string,
  name: string,
  header: string[],
  rows: string[][],
): Promise<string> {
  const row = (cells: string[]) =>
    new TableRow({
      children: cells.map((c) => new TableCell({ children: c.split('\n').map((t) => new Paragraph(t)) })),
    });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph('附件1'),
          new Paragraph('社区矫正风险隐患排查整治工作台账'),
          new Paragraph('填报单位：东城司法所    填报人：张敏    填报时间：2022年8月1日'),
          new Table({ rows: [row(header), ...rows.map(row)] }),
          new Paragraph('说明：1.工作台账请于8月10日前上报。'),
        ],
      },
    ],
  });
  const path = join(dir, name);
  writeFileSync(path, await Packer.toBuffer(doc));
  return path;
}

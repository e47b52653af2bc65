import type ExcelJS from 'exceljs';
import { cleanCell, dateCell } from './cellText.js';
import { FileRefusal } from './FileRefusal.js';
import { type LedgerContent, type LedgerTable, MAX_COLUMNS, MAX_ROWS } from './LedgerTable.js';

/** Excel writes a character XML cannot hold as `_x0007_` (ST_Xstring): decoded here, then stripped with the rest. */
function unescapeX(s: string): string {
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

/** The text a cell shows: a formula's cached result (never the formula), rich text joined, a date as a date. */
function shown(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return dateCell(value);
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value) {
    const r = (value as ExcelJS.CellFormulaValue).result;
    return r === undefined || (typeof r === 'object' && r !== null && !(r instanceof Date)) ? '' : shown(r);
  }
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('hyperlink' in value) return shown((value as ExcelJS.CellHyperlinkValue).text);
  if ('error' in value) return '';
  return '';
}

/** The visible worksheets of an .xlsx, as text; hidden ones are named, not read. */
export async function xlsxTables(bytes: Buffer): Promise<LedgerContent> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    // a data validation is expanded to one entry per cell it covers (a whole sheet: 17 billion),
    // and a ledger's values never need it
    await wb.xlsx.load(bytes as unknown as ArrayBuffer, { ignoreNodes: ['dataValidations'] });
  } catch {
    throw new FileRefusal('这个 Excel 文件打不开（可能已损坏）。请用 Excel 打开后另存为 .xlsx 再发送。');
  }
  const tables: LedgerTable[] = [];
  const hiddenSheets: string[] = [];
  let total = 0;
  for (const ws of wb.worksheets) {
    if (ws.state !== 'visible') {
      hiddenSheets.push(ws.name);
      continue;
    }
    total += ws.actualRowCount;
    if (total > MAX_ROWS)
      throw new FileRefusal(`文件超过 ${MAX_ROWS} 行，没有读取。请按单位分成几个文件分别导入。`);
    const rows: LedgerTable['rows'] = [];
    const width = Math.min(ws.columnCount, MAX_COLUMNS);
    ws.eachRow({ includeEmpty: false }, (row, n) => {
      if (row.hidden) return;
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cleanCell(unescapeX(shown(row.getCell(c).value))));
      rows.push({ n, cells });
    });
    tables.push({ name: cleanCell(ws.name), rows });
  }
  return { format: 'xlsx', tables, hiddenSheets };
}

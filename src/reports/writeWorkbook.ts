import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type FormSheet, formSheetOptions, sheetName, writeFormSheet } from './formSheet.js';

/** Streams the sheets to an .xlsx file (rows are flushed as written, so 100k rows stay small in memory). */
export async function writeWorkbook(
  path: string,
  sheets: Iterable<{ name: string; form: FormSheet }>,
): Promise<void> {
  // exceljs takes ~0.4 s to load: the first export pays it, not every start-up.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'jiaozheng-bot';
  const taken = new Set<string>();
  for (const { name, form } of sheets) {
    const headerRows = form.columns.some((c) => c.group) ? 2 : 1;
    const ws = wb.addWorksheet(sheetName(name, taken), formSheetOptions(headerRows, form.onePage));
    await writeFormSheet(ws, form);
    ws.commit();
  }
  await wb.commit();
}

/** `dir/附件3-社区矫正隐患排查整治统计表-20220929-0900.xlsx`, made unique if that minute already has one. */
export function formFilePath(dir: string, attachment: string, title: string, stamp: string): string {
  const base = `${attachment}-${title.replace(/[“”"]/g, '')}-${stamp}`;
  let path = join(dir, `${base}.xlsx`);
  for (let i = 2; existsSync(path); i++) path = join(dir, `${base}-${i}.xlsx`);
  return path;
}

import { columnNumber } from './sheetExtent.js';

/**
 * How many cells the defined names of a workbook (`xl/workbook.xml`) cover, as exceljs lists them:
 * one entry per cell of each range. The print area and print titles are read apart, never listed
 * cell by cell, so they are not counted (Excel writes a whole-sheet print area).
 */
export function definedNamesExtent(workbookXml: Buffer): number {
  const text = workbookXml.toString('latin1');
  let n = 0;
  for (const m of text.matchAll(/<(?:\w+:)?definedName\b([^>]*)>([^<]*)</g)) {
    if (/\bname="_xlnm\.Print_(Area|Titles)"/.test(m[1] ?? '')) continue;
    for (const r of (m[2] ?? '').matchAll(/\$?([A-Za-z]+)\$?(\d+):\$?([A-Za-z]+)\$?(\d+)/g)) {
      const [, c1 = 'A', r1 = '1', c2 = 'A', r2 = '1'] = r;
      n += (Math.abs(columnNumber(c2) - columnNumber(c1)) + 1) * (Math.abs(Number(r2) - Number(r1)) + 1);
    }
  }
  return n;
}

/** A column's number from its letters (A = 1, XFD = 16384). */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * The objects exceljs makes for a worksheet's layout beside its cells: one for every cell a merged
 * range covers (it fills each in) and one for every column up to the last a `<col>` names. A file
 * of a few hundred bytes can declare millions of either (a merge over A1:AN1048576), so they are
 * counted from the XML before exceljs reads it.
 */
export function sheetExtent(xml: Buffer): number {
  const text = xml.toString('latin1');
  let n = 0;
  const merge = /<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"/g;
  for (const m of text.matchAll(merge)) {
    const [, c1 = 'A', r1 = '1', c2 = c1, r2 = r1] = m;
    const cols = Math.abs(columnNumber(c2) - columnNumber(c1)) + 1;
    const rows = Math.abs(Number(r2) - Number(r1)) + 1;
    n += cols * rows;
  }
  let lastColumn = 0;
  for (const m of text.matchAll(/<(?:\w+:)?col\b[^>]*?\bmax="(\d+)"/g))
    lastColumn = Math.max(lastColumn, Number(m[1]));
  return n + lastColumn;
}

import { cleanCell } from './cellText.js';
import { FileRefusal } from './FileRefusal.js';
import { type LedgerTable, MAX_COLUMNS, MAX_ROWS } from './LedgerTable.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) => {
    if (e[0] !== '#') return ENTITIES[e] ?? m;
    const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

interface Cell {
  text: string;
  span: number;
  /** `w:vMerge` without `restart`: this cell continues the one above */
  continues: boolean;
}

/**
 * The tables of a Word document (`word/document.xml`), one pass over its tags: text of `w:t`,
 * paragraphs joined by newlines, `w:gridSpan` repeated across the columns it spans, a vertically
 * merged cell carrying the text of the cell it continues. A table inside a table is read as text
 * of its cell. Linear in the document's size; nothing is kept but the tables' text.
 */
export function docxTables(xml: string): LedgerTable[] {
  const tables: LedgerTable[] = [];
  const tag = /<(\/?)(w:tbl|w:tr|w:tc|w:p|w:t|w:tab|w:br|w:gridSpan|w:vMerge)\b([^>]*?)(\/?)>/g;
  let depth = 0;
  let rows: Cell[][] = [];
  let row: Cell[] | null = null;
  let cell: Cell | null = null;
  let inText = false;
  let textFrom = 0;
  let rowCount = 0;
  // the paragraphs before a table (its 填报单位 line), kept short
  let outside = '';
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const [, close, name, attrs, selfClose] = m;
    if (name === 'w:t') {
      if (!close && !selfClose) {
        inText = true;
        textFrom = tag.lastIndex;
      } else if (close && inText) {
        inText = false;
        if (cell && depth === 1) cell.text += decode(xml.slice(textFrom, m.index));
        else if (depth === 0) outside = (outside + decode(xml.slice(textFrom, m.index))).slice(-500);
      }
      continue;
    }
    if (name === 'w:tbl') {
      if (!close) {
        depth++;
        if (depth === 1) rows = [];
      } else if (depth > 0) {
        depth--;
        if (depth === 0) {
          tables.push(toTable(rows, tables.length + 1, outside));
          outside = '';
        }
      }
      continue;
    }
    if (depth === 0 && name === 'w:p' && close) outside += '\n';
    if (depth !== 1) continue;
    if (name === 'w:tr') {
      if (!close) row = [];
      else if (row) {
        if (++rowCount > MAX_ROWS)
          throw new FileRefusal(`文件超过 ${MAX_ROWS} 行，没有读取。请按单位分成几个文件分别导入。`);
        rows.push(row);
        row = null;
      }
    } else if (name === 'w:tc') {
      if (!close) cell = { text: '', span: 1, continues: false };
      else if (cell && row) {
        row.push(cell);
        cell = null;
      }
    } else if (!cell) {
    } else if (name === 'w:p' && close && cell.text !== '') cell.text += '\n';
    else if (name === 'w:tab' && !close) cell.text += ' ';
    else if (name === 'w:br' && !close) cell.text += '\n';
    else if (name === 'w:gridSpan')
      cell.span = Math.min(MAX_COLUMNS, Math.max(1, Number(/w:val="(\d+)"/.exec(attrs ?? '')?.[1] ?? 1)));
    else if (name === 'w:vMerge') cell.continues = !/w:val="restart"/.test(attrs ?? '');
  }
  return tables;
}

/** A table's rows; the text before it (its 填报单位 line) as a row numbered 0 above them. */
function toTable(rows: Cell[][], n: number, before: string): LedgerTable {
  const preface = cleanCell(
    before
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-3)
      .join(' '),
  );
  const out: LedgerTable['rows'] = preface ? [{ n: 0, cells: [preface] }] : [];
  let above: string[] = [];
  rows.forEach((r, i) => {
    const cells: string[] = [];
    for (const c of r) {
      const text = c.continues ? (above[cells.length] ?? '') : cleanCell(c.text);
      for (let k = 0; k < c.span && cells.length < MAX_COLUMNS; k++) cells.push(text);
    }
    above = cells;
    out.push({ n: i + 1, cells });
  });
  return { name: `表格 ${n}`, rows: out };
}

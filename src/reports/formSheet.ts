import type ExcelJS from 'exceljs';
import { stripXmlUnsafe } from '../domain/text.js';
import { notePieces } from './notePieces.js';
import { cellLines, evenRowHeights, lineHeight, rowHeight, textWidth } from './rowHeights.js';

/** A column of an official form. Columns sharing a `group` sit under one merged header cell (附件3's 排查风险隐患总数). */
export interface FormColumn {
  header: string;
  width: number;
  group?: string;
  /** Excel number format for numbers/dates in this column */
  numFmt?: string;
  align?: 'left' | 'center';
}

/** A cell value: text always stays text (never a formula, whatever it starts with). */
export type FormCell = string | number | Date | null;

export interface FormSheet {
  /** `附件3` */
  attachment: string;
  title: string;
  /** 填报单位, 填报人, 填报时间 */
  unit: string;
  reporter: string;
  reportedAt: string;
  columns: FormColumn[];
  rows: Iterable<FormCell[]>;
  /** rows to print in bold (合计) */
  boldRows?: Set<number>;
  /** 说明/注 lines under the table (read once the rows are written) */
  notes: readonly string[];
  /** print on one page (附件3: every unit and 合计 on one A4 landscape sheet) */
  onePage?: boolean;
  /**
   * `even` (附件2): every row of one height, enough for the rows of up to three lines, and taller
   * only where a cell needs more; each from its text wrapped at the printed font and column width.
   */
  rowHeights?: 'even';
}

const THIN = { style: 'thin' as const, color: { argb: 'FF000000' } };

const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

const FONT = { name: '宋体', size: 11 };

/** The style of every row (its cells have their own). */
const ROW_STYLE = Object.freeze({});

/**
 * The styles above and below the table, one frozen object each: exceljs's style registry knows a
 * style by its object and serializes every new one to look it up, and setting a font or alignment
 * on a row or cell makes a new one. A province's 4,000 sheets spent about a second on that.
 */
const ATTACHMENT_STYLE = Object.freeze({ font: Object.freeze({ ...FONT, name: '黑体', size: 12 }) });
const TITLE_STYLE = Object.freeze({
  font: Object.freeze({ ...FONT, name: '方正小标宋简体', size: 18, bold: true }),
  alignment: Object.freeze({ horizontal: 'center' as const, vertical: 'middle' as const }),
});
const TEXT_STYLE = Object.freeze({ font: Object.freeze({ ...FONT }) });
const NOTE_STYLE = Object.freeze({
  font: Object.freeze({ ...FONT }),
  alignment: Object.freeze({ vertical: 'top' as const, wrapText: true }),
});
const HEADER_STYLE = Object.freeze({
  font: Object.freeze({ ...FONT, bold: true }),
  alignment: Object.freeze({ horizontal: 'center' as const, vertical: 'middle' as const, wrapText: true }),
  border: BORDER,
});

/** `row.font = …` for a shared style: the row and each of its cells (as they are now) take it. */
function styleRow(row: ExcelJS.Row, style: Partial<ExcelJS.Style>): ExcelJS.Row {
  (row as unknown as { style: object }).style = style;
  row.eachCell((cell) => {
    cell.style = style;
  });
  return row;
}

const styleCache = new Map<string, Partial<ExcelJS.Style>>();

/** One shared style object per column, weight and kind: a whole style at once is much cheaper than four setters per cell. */
function cellStyle(col: FormColumn | undefined, bold: boolean, isText: boolean): Partial<ExcelJS.Style> {
  const key = `${col?.align ?? ''}|${col?.numFmt ?? ''}|${bold}|${isText}`;
  let style = styleCache.get(key);
  if (!style) {
    style = {
      border: BORDER,
      font: { ...FONT, bold },
      alignment: {
        vertical: 'middle',
        horizontal: col?.align ?? (isText ? 'left' : 'center'),
        wrapText: true,
      },
      ...(col?.numFmt && !isText ? { numFmt: col.numFmt } : {}),
    };
    styleCache.set(key, style);
  }
  return style;
}

/**
 * Rows written between two pauses: a slice takes a few milliseconds, so a file of 100k rows made on
 * the bot's thread holds no message up longer than that.
 */
export const ROWS_PER_SLICE = 250;

/** Lets the event loop run (messages, timers, the zip stream's own writes) before the next slice. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes an official form onto a (streaming) worksheet: title, 填报 line, headers with merges,
 * bordered rows, notes; pausing every `ROWS_PER_SLICE` rows.
 */
export async function writeFormSheet(ws: ExcelJS.Worksheet, form: FormSheet): Promise<void> {
  const writer = formSheetWriter(ws, form, evenHeights(form));
  let slice: FormCell[][] = [];
  for (const values of form.rows) {
    slice.push(values);
    if (slice.length < ROWS_PER_SLICE) continue;
    writer.add(slice);
    slice = [];
    await pause();
  }
  writer.add(slice);
  writer.end();
}

/** Whether a sheet's rows get `even` heights: asked for (附件2), or rows given as a list. */
export function evenHeights(form: Pick<FormSheet, 'rowHeights' | 'rows'>): boolean {
  return form.rowHeights === 'even' || Array.isArray(form.rows);
}

/** A form's rows written as they come (a worker gets them in slices); `end` writes the notes. */
export interface FormSheetWriter {
  add(rows: readonly FormCell[][]): void;
  /** the notes under the table: the form's, or these (a worker gets them last: they may read every row) */
  end(notes?: readonly string[]): void;
}

/**
 * Writes the form's title, 填报 line and headers now, and returns the writer of its rows; `even`:
 * the rows are held and given even heights at the end.
 */
export function formSheetWriter(
  ws: ExcelJS.Worksheet,
  form: Omit<FormSheet, 'rows' | 'notes'> & { notes?: readonly string[] },
  even = form.rowHeights === 'even',
): FormSheetWriter {
  const n = form.columns.length;
  const twoRowHeader = form.columns.some((c) => c.group);
  ws.columns = form.columns.map((c) => ({ width: c.width, style: ROW_STYLE }));

  styleRow(ws.addRow([form.attachment]), ATTACHMENT_STYLE).commit();

  const title = ws.addRow([form.title]);
  title.height = 32;
  styleRow(title, ROW_STYLE).getCell(1).style = TITLE_STYLE;
  ws.mergeCells(2, 1, 2, n);
  title.commit();

  const unitText = `填报单位：${form.unit}`;
  const reporterText = `填报人：${stripXmlUnsafe(form.reporter)}`;
  const line = ws.addRow([unitText]);
  // thirds of the columns, each part widened (to the right) until its text fits: narrow columns (附件2) need more
  const third = Math.max(1, Math.floor(n / 3));
  const fits = (from: number, text: string) => {
    let to = from;
    let w = form.columns[from]?.width ?? 10;
    while (w < textWidth(text) + 1 && to < n - 2) w += form.columns[++to]?.width ?? 10;
    return to + 1;
  };
  const first = Math.min(n - 2, Math.max(third, fits(0, unitText)));
  const second = Math.min(n - 1, Math.max(first + third, fits(first, reporterText)));
  line.getCell(first + 1).value = reporterText;
  line.getCell(second + 1).value = `填报时间：${form.reportedAt}`;
  styleRow(line, TEXT_STYLE);
  line.height = 22;
  ws.mergeCells(3, 1, 3, first);
  ws.mergeCells(3, first + 1, 3, second);
  ws.mergeCells(3, second + 1, 3, n);
  line.commit();

  const headerStyle = (row: ExcelJS.Row) => {
    row.height = 36;
    styleRow(row, ROW_STYLE);
    for (let i = 1; i <= n; i++) row.getCell(i).style = HEADER_STYLE;
  };
  const top = ws.addRow(form.columns.map((c) => c.group ?? c.header));
  headerStyle(top);
  const topRow = top.number;
  // A streaming sheet can only merge rows not yet committed: merge the header, then commit it.
  if (twoRowHeader) {
    const second = ws.addRow(form.columns.map((c) => c.header));
    headerStyle(second);
    let i = 0;
    while (i < n) {
      const c = form.columns[i];
      if (c?.group) {
        let j = i;
        while (j + 1 < n && form.columns[j + 1]?.group === c.group) j++;
        ws.mergeCells(topRow, i + 1, topRow, j + 1);
        i = j + 1;
      } else {
        ws.mergeCells(topRow, i + 1, topRow + 1, i + 1);
        i++;
      }
    }
    top.commit();
    second.commit();
  } else top.commit();

  // even heights need every row first (a unit's 附件2 holds a few dozen); other forms stream
  // (rows given as a list, 附件3's and a 无 row, get them too: known in full, they never streamed)
  const held: FormCell[][] | null = even ? [] : null;
  // per column: plain, text, bold, bold text (looked up for every cell of 100k rows)
  const styles = form.columns.map((c) =>
    [false, true].flatMap((b) => [cellStyle(c, b, false), cellStyle(c, b, true)]),
  );
  let r = -1;
  const write = (values: FormCell[], height: number) => {
    r++;
    // a second net: an old store may hold characters an .xlsx cannot (they are stripped on input now)
    const row = ws.addRow(
      values.map((v) => (v === null ? '' : typeof v === 'string' ? stripXmlUnsafe(v) : v)),
    );
    row.height = height;
    // exceljs gives every row a style object of its own, which its style registry cannot recognise,
    // so it serializes each to look it up: 100k times for a city. One shared (frozen) empty style is
    // looked up once. The cells carry the styles.
    (row as unknown as { style: object }).style = ROW_STYLE;
    const bold = form.boldRows?.has(r) ?? false;
    for (let i = 1; i <= n; i++)
      row.getCell(i).style =
        styles[i - 1]?.[(bold ? 2 : 0) + (typeof values[i - 1] === 'string' ? 1 : 0)] ?? {};
    row.commit();
  };
  return {
    add(rows) {
      if (held) for (const values of rows) held.push(values);
      else for (const values of rows) write(values, rowHeight(values, form.columns));
    },
    end(notes = form.notes ?? []) {
      if (held) {
        const heights = evenRowHeights(held, form.columns);
        for (const [i, values] of held.entries())
          write(values, heights[i] ?? rowHeight(values, form.columns));
      }
      // wrapped across the table's width, as tall as its lines: never one line running off the page
      const width = form.columns.reduce((w, c) => w + c.width, 0);
      for (const note of notes)
        for (const piece of notePieces(note, width)) {
          const row = styleRow(ws.addRow([piece]), NOTE_STYLE);
          row.height = lineHeight(cellLines(piece, width));
          ws.mergeCells(row.number, 1, row.number, n);
          row.commit();
        }
    },
  };
}

/** Sheet options for an official form: A4 landscape, one page wide, headers frozen and repeated on every page. */
export function formSheetOptions(headerRows: number, onePage = false): Partial<ExcelJS.AddWorksheetOptions> {
  const last = 3 + headerRows;
  // One page (附件3): fit the height too, with narrower margins; otherwise the header repeats on every page.
  return {
    views: [{ state: 'frozen', ySplit: last, xSplit: 0 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: onePage ? 1 : 0,
      horizontalCentered: true,
      ...(onePage
        ? { margins: { left: 0.4, right: 0.4, top: 0.4, bottom: 0.4, header: 0.2, footer: 0.2 } }
        : {
            margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
            printTitlesRow: `4:${last}`,
          }),
    },
  };
}

/** A Shanghai calendar date as an Excel date cell: UTC midnight, which exceljs writes as that very day on any server TZ. */
export function excelDate(date: string | null): Date | null {
  return date ? new Date(`${date}T00:00:00Z`) : null;
}

/** Sheet names: at most 31 characters, none of []:*?/\ */
export function sheetName(name: string, taken: Set<string>): string {
  let base = name.replace(/[[\]:*?/\\]/g, '').slice(0, 28) || 'Sheet';
  let s = base;
  for (let i = 2; taken.has(s); i++) s = `${base}-${i}`;
  taken.add(s);
  base = s;
  return base;
}

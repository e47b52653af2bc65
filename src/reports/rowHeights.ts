/** What the heights need of formSheet's cells and columns (a cell value; a column's width). */
type FormCell = string | number | Date | null;
type FormColumn = { width: number };

/** CJK and full-width characters: U+1100–115F, 2E80–A4CF, AC00–D7A3, F900–FAFF, FE30–FE4F, FF00–FF60, FFE0–FFE6. */
function isWide(c: number): boolean {
  return (
    (c >= 0x2e80 && c <= 0xa4cf) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xffe0 && c <= 0xffe6)
  );
}

/**
 * Display width of a text in Excel column units: CJK and full-width characters count double.
 * By character code, not a regular expression per character: every cell of a 100k-row 附件1 is measured.
 */
export function textWidth(text: string): number {
  return partWidth(text, 0, text.length);
}

/**
 * Excel, WPS and LibreOffice do not grow a row to fit wrapped text that a program wrote, so the
 * height is set from the longest cell: its lines at the column's width, 15 points a line.
 * One pass over each text's characters, without splitting it into lines: every cell of a
 * province's 附件1 (a million) is measured.
 */
export function rowHeight(values: FormCell[], columns: FormColumn[]): number {
  let lines = 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'string' || v === '') continue;
    const usable = Math.max(2, (columns[i]?.width ?? 10) - 1.5);
    let n = 0;
    let from = 0;
    for (let nl = v.indexOf('\n'); ; nl = v.indexOf('\n', from)) {
      const end = nl < 0 ? v.length : nl;
      n += Math.max(1, Math.ceil(partWidth(v, from, end) / usable));
      if (nl < 0) break;
      from = nl + 1;
    }
    if (n > lines) lines = n;
  }
  return Math.min(409, Math.max(20, lines * 15 + 5));
}

/** `textWidth` of `text.slice(from, end)`, without the copy. */
function partWidth(text: string, from: number, end: number): number {
  let w = 0;
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      w += 1.1;
    } else w += isWide(c) ? 2 : 1.1;
  }
  return w;
}

/** Points of printed width per unit of an Excel column width (Calibri 11's digit, 7 px at 96 dpi) … */
export const POINTS_PER_WIDTH = 5.25;

/** … plus this much per column (its padding). */
export const COLUMN_PADDING_POINTS = 3.75;

/** The height of one line of 11-point 宋体 as Excel, WPS and LibreOffice (with its CJK fallback) print it. */
const LINE_POINTS = 16;

/** Above and below the text. */
const ROW_PADDING_POINTS = 6;

/** Half-width characters (digits, Latin letters, ASCII punctuation) at 11 points; CJK ones are a full 11. */
const NARROW_POINTS = 6;

/** Characters a line may not start with (Chinese line breaking moves them to the line before). */
const NO_LINE_START = /^[、，。；：！？）》」』】”’%,.;:!?)\]]$/u;

/** The printed width of a column, in points, less the cell's inner margins. */
export function columnPoints(width: number): number {
  return width * POINTS_PER_WIDTH + COLUMN_PADDING_POINTS - 4;
}

/**
 * How many lines a text takes in a column when printed at `size` points: words of digits or Latin
 * letters (a date, `P12`) stay whole, CJK characters break anywhere. Excel and WPS never start a
 * line with 、，。 (they pull the character before along); LibreOffice does: the more lines of the two.
 */
export function cellLines(text: string, width: number, size = 11): number {
  return Math.max(wrappedLines(text, width, size, true), wrappedLines(text, width, size, false));
}

function wrappedLines(text: string, width: number, size: number, kinsoku: boolean): number {
  const room = columnPoints(width);
  const scale = size / 11;
  const charPoints = (ch: string) => (textWidth(ch) >= 2 ? 11 : NARROW_POINTS) * scale;
  let lines = 0;
  for (const part of text.split('\n')) {
    const tokens = part.match(/[\x21-\x7e]+|[^\x21-\x7e]/gu) ?? [];
    // a mark that may not start a line travels with the token before it
    const glued: string[] = [];
    for (const t of tokens)
      if (kinsoku && NO_LINE_START.test(t) && glued.length > 0) glued[glued.length - 1] += t;
      else glued.push(t);
    let used = 0;
    let n = 1;
    for (const token of glued) {
      const w = Array.from(token).reduce((a, ch) => a + charPoints(ch), 0);
      if (used > 0 && used + w > room) {
        n++;
        used = 0;
      }
      if (w > room) {
        // a word wider than the column breaks where it must
        n += Math.ceil(w / room) - 1;
        used = w % room;
      } else used += w;
    }
    lines += n;
  }
  return lines;
}

/** The height of a row of `lines` lines of 11-point text. */
export function lineHeight(lines: number): number {
  return Math.min(409, lines * LINE_POINTS + ROW_PADDING_POINTS);
}

/**
 * Heights for `even` rows: one height for every row that fits in three lines (the most any of them
 * needs), and a taller one, just enough, for a row that needs more. Nothing is cut, nothing random.
 */
export function evenRowHeights(rows: readonly FormCell[][], columns: FormColumn[]): number[] {
  const lines = rows.map((values) =>
    values.reduce<number>(
      (most, v, i) =>
        typeof v === 'string' && v !== '' ? Math.max(most, cellLines(v, columns[i]?.width ?? 10)) : most,
      1,
    ),
  );
  const base = Math.min(3, Math.max(1, ...lines));
  return lines.map((n) => lineHeight(Math.max(base, n)));
}

import { cellLines } from './rowHeights.js';

/** The most lines one note row takes: Excel's tallest row (409 points) holds 25. */
const MAX_LINES = 24;

/**
 * A note under a table cut into rows of at most `MAX_LINES` printed lines across the table's
 * `width`, at a list's separators where it can: a note longer than that (a city's 核验情况 named
 * 25,000 hazards) was one cell of 175,000 characters, past Excel's 32,767, and printed as one line
 * running off the page. Each piece after the first starts with （续）.
 */
export function notePieces(note: string, width: number): string[] {
  if (cellLines(note, width) <= MAX_LINES) return [note];
  const pieces: string[] = [];
  let rest = note;
  while (rest !== '') {
    const prefix = pieces.length > 0 ? '（续）' : '';
    let end = fitting(rest, (n) => cellLines(prefix + rest.slice(0, n), width) <= MAX_LINES);
    // back to the last separator inside the piece, if there is one not too far back
    const cut = Math.max(...['、', '，', '；', '。'].map((s) => rest.lastIndexOf(s, end - 1)));
    if (end < rest.length && cut > end / 2) end = cut + 1;
    pieces.push(prefix + rest.slice(0, end));
    rest = rest.slice(end);
  }
  return pieces;
}

/** The largest n (at least 1) for which `fits(n)` holds, `fits` holding for every smaller n. */
function fitting(text: string, fits: (n: number) => boolean): number {
  let lo = 1;
  let hi = text.length;
  if (fits(hi)) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

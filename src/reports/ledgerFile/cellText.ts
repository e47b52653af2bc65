import { stripXmlUnsafe } from '../../domain/text.js';

/**
 * A cell's text, made safe to store: controls other than newline removed (tab becomes a space),
 * U+FFFE/U+FFFF and lone surrogates removed, CR LF folded to LF, spaces at either end trimmed.
 */
export function cleanCell(s: string): string {
  return stripXmlUnsafe(s.replace(/\r\n?/g, '\n').replace(/\t/g, ' '))
    .replace(/[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .trim();
}

/** A date cell as a calendar date: exceljs gives the Excel serial as UTC midnight of that wall-clock day. */
export function dateCell(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  // a date-time cell keeps its day: the office typed a Shanghai wall-clock time, stored as if UTC
  return d.toISOString().slice(0, 10);
}

/** An Excel serial day number (45565) as a calendar date, for a number in a date column; null if not one. */
export function serialDate(text: string): string | null {
  if (!/^\d{5}(\.\d+)?$/.test(text)) return null;
  const n = Math.floor(Number(text));
  // 1900 date system: serial 25569 is 1970-01-01; 20000..80000 covers 1954..2119
  if (n < 20000 || n > 80000) return null;
  return new Date((n - 25569) * 86_400_000).toISOString().slice(0, 10);
}

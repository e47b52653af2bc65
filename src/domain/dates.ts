import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { digitsFromChinese, toHalfWidth } from './text.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** All campaign time is Shanghai wall-clock time, whatever the server's TZ. */
export const TZ = 'Asia/Shanghai';
const DAY_MS = 86_400_000;

/** A calendar date `YYYY-MM-DD` (Shanghai). */
export type DateStr = string;

/** The Shanghai calendar date of an instant. */
export function dateOf(ms: number): DateStr {
  return dayjs(ms).tz(TZ).format('YYYY-MM-DD');
}

/** `2022-08-05T09:00:00+08:00` */
export function isoAt(ms: number): string {
  return dayjs(ms).tz(TZ).format('YYYY-MM-DDTHH:mm:ssZ');
}

/** `2022-08-05 09:00` */
export function formatDateTime(ms: number): string {
  return dayjs(ms).tz(TZ).format('YYYY-MM-DD HH:mm');
}

/** `20220805-0900`, for file names. */
export function fileStamp(ms: number): string {
  return dayjs(ms).tz(TZ).format('YYYYMMDD-HHmm');
}

/** Shanghai wall-clock hour and minute of an instant. */
export function hourMinute(ms: number): { hour: number; minute: number } {
  const d = dayjs(ms).tz(TZ);
  return { hour: d.hour(), minute: d.minute() };
}

/** The instant a Shanghai date begins, or at `HH:mm` that day. */
export function startOfDate(date: DateStr, time = '00:00'): number {
  return dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm', TZ).valueOf();
}

/** "9月6日前": a deadline date is due by the end of that Shanghai day. */
export function endOfDate(date: DateStr): number {
  return startOfDate(date) + DAY_MS;
}

/** Whole calendar days from `a` to `b` (positive when b is later). */
export function daysBetween(a: DateStr, b: DateStr): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: DateStr, n: number): DateStr {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** `9月6日`, with the year only when it is not `currentYear`. */
export function formatMonthDay(date: DateStr, currentYear?: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const md = `${m}月${d}日`;
  return currentYear !== undefined && y !== currentYear ? `${y}年${md}` : md;
}

/** Builds a strict date: 9月31日 is an error, never 10月1日. */
function makeDate(y: number, m: number, d: number): DateStr | null {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const WITH_YEAR = /^(\d{4})(?:[-/.年])(\d{1,2})(?:[-/.月])(\d{1,2})[日号]?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const NO_YEAR = /^(\d{1,2})(?:[-/.月])(\d{1,2})[日号]?$/;

const YEAR_DIGITS: Record<string, string> = {
  〇: '0',
  零: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/**
 * Official documents write dates in Chinese numerals: the year digit by digit (`二〇二二年`), month
 * and day as numbers (`九月三十日`). Turned into digits, the date goes through the same strict check.
 */
function fromChineseNumerals(t: string): string {
  const year = /^([〇零一二三四五六七八九]{4})年/.exec(t);
  const rest = year ? t.slice(year[0].length) : t;
  const digits = year ? `${Array.from(year[1] ?? '', (c) => YEAR_DIGITS[c]).join('')}年` : '';
  return `${digits}${digitsFromChinese(rest)}`;
}

/**
 * Accepts `2022-09-06`, `2022/9/6`, `2022年9月6日`, `20220906`, `9月6日`, `9月6号`, `9.6`, `9-6`,
 * and in Chinese numerals `九月六日`, `2022年九月六日`, `二〇二二年九月六日`.
 */
export function parseDate(text: string, defaultYear: number): DateStr | null {
  const t = fromChineseNumerals(toHalfWidth(text).replace(/\s+/g, '').replace(/前$/, ''));
  let m = WITH_YEAR.exec(t) ?? COMPACT.exec(t);
  if (m) return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = NO_YEAR.exec(t);
  if (m) return makeDate(defaultYear, Number(m[1]), Number(m[2]));
  return null;
}

/** Accepts `2022-01-01至2024-12-31`, `2022.1.1-2024.12.31`, `2022/1/1~2024/12/31`; start must not be after end. */
export function parseDateRange(text: string, defaultYear: number): { start: DateStr; end: DateStr } | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  const explicit = t.split(/至|到|~|～|—+|－/);
  const candidates: [string, string][] = [];
  if (explicit.length === 2) candidates.push([explicit[0] ?? '', explicit[1] ?? '']);
  else
    for (let i = t.indexOf('-'); i >= 0; i = t.indexOf('-', i + 1))
      candidates.push([t.slice(0, i), t.slice(i + 1)]);
  for (const [a, b] of candidates) {
    const start = parseDate(a, defaultYear);
    const end = parseDate(b, defaultYear);
    if (start && end && start <= end) return { start, end };
  }
  return null;
}

/** Human examples for error replies. */
export const DATE_FORMS = '2022-09-06、2022/9/6、9月6日、九月六日、9月6号、9.6、9-6';

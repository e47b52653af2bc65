/** Full-width ASCII (＃ ： １２ …) and the ideographic space to their half-width forms. */
export function toHalfWidth(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/** Splits a list typed on a phone: 、，,/；; and spaces all separate items. */
export function splitList(s: string): string[] {
  return s
    .split(/[、，,/／；;\s]+/)
    .map((x) => x.trim())
    .filter((x) => x.length > 0);
}

/** 王小明 → 王*明, 韩梅 → 韩*, 欧阳小明 → 欧**明: the only form of a key person's name a group may see. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** `五` → 5, `十二` → 12, `二十` → 20, `一百零五` → 105; null when it is not such a number. */
export function chineseNumber(s: string): number | null {
  if (!/^[零〇一二两三四五六七八九十百千]+$/.test(s)) return null;
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      if (digit !== null && d !== 0) return null; // 五五
      digit = d;
      continue;
    }
    const u = UNITS[ch] as number;
    total += (digit ?? (total === 0 ? 1 : Number.NaN)) * u;
    if (Number.isNaN(total)) return null;
    digit = null;
  }
  return total + (digit ?? 0);
}

/** Replaces every run of Chinese numerals (`走访 五 教育十二`) with its digits. */
export function digitsFromChinese(s: string): string {
  return s.replace(/[零〇一二两三四五六七八九十百千]+/g, (m) => {
    const n = chineseNumber(m);
    return n === null ? m : String(n);
  });
}

/** Parses a whole number typed as `5`, `５`, `+5`, `-2`, `五`, `十二`; anything else is null. */
export function parseInteger(s: string): number | null {
  const t = digitsFromChinese(toHalfWidth(s).trim());
  if (!/^[+-]?\d{1,9}$/.test(t)) return null;
  return Number.parseInt(t, 10);
}

/**
 * Removes what an XML document (so an .xlsx cell) cannot hold: C0 controls other than tab and
 * newline (and DEL), the non-characters U+FFFE and U+FFFF, and surrogates that are not part of a
 * pair. Emoji and every other character stay.
 */
export function stripXmlUnsafe(s: string): string {
  return s.replace(XML_UNSAFE, '');
}

const XML_UNSAFE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Whether a `确认：` line says yes (是、确认、yes、ok; full or half width): the override for a questioned value. */
export function isConfirmed(value: string | undefined): boolean {
  return value !== undefined && /^(是|确认|yes|y|ok)$/i.test(toHalfWidth(value).trim());
}

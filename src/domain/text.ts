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

/** Parses a whole number typed as `5`, `５`, `+5`, `-2`; anything else is null. */
export function parseInteger(s: string): number | null {
  const t = toHalfWidth(s).trim();
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

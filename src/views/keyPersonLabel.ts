import { maskName } from '../domain/text.js';
import type { KeyPerson } from '../store/state.js';

/**
 * The only way a key person appears in a group: `P3 刘*华`. Nothing else about them (no crime, no
 * type, no free text) is ever put next to it by a view meant for a group.
 */
export function keyPersonLabel(p: Pick<KeyPerson, 'id' | 'name'>): string {
  return `P${p.id} ${maskName(canonicalName(p.name))}`;
}

/** A name as stored or typed, without spaces or dots between its characters and in half-width. */
export function canonicalName(name: string): string {
  let out = '';
  for (const ch of name) if (!GAPS.has(ch)) out += fold(ch);
  return out;
}

/** Characters typed between the characters of a name (`马 强`, `阿卜杜·热合曼`), skipped when matching. */
export function isGap(ch: string): boolean {
  return GAPS.has(ch);
}

const GAPS: ReadonlySet<string> = new Set(
  Array.from(
    ' \t\r\n\f\v\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\u00B7\u2022\u30FB\u200B\u200C\u200D\u2060\uFEFF.．・•',
  ),
);

/** One character folded for matching: full-width to half-width, Latin letters to upper case. */
export function fold(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0).toUpperCase();
  return c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : ch;
}

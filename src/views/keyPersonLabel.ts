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
  // Most names are already canonical (a province builds its matcher from 57k of them at start-up):
  // return the string itself instead of a copy made one character at a time.
  let i = 0;
  for (; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (isGapCode(c) || foldCode(c) !== c) break;
  }
  if (i === name.length) return name;
  let out = name.slice(0, i);
  for (const ch of name.slice(i)) if (!GAPS.has(ch)) out += fold(ch);
  return out;
}

/** Characters typed between the characters of a name (`马 强`, `阿卜杜·热合曼`), skipped when matching. */
export function isGap(ch: string): boolean {
  return GAPS.has(ch);
}

/** `isGap` for one UTF-16 code unit (every gap is a single one). */
export function isGapCode(c: number): boolean {
  return c < 0x10000 && GAP_CODES[c] === 1;
}

const GAPS: ReadonlySet<string> = new Set(
  Array.from(
    ' \t\r\n\f\v\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\u00B7\u2022\u30FB\u200B\u200C\u200D\u2060\uFEFF.．・•',
  ),
);

const GAP_CODES = new Uint8Array(0x10000);
for (const ch of GAPS) GAP_CODES[ch.charCodeAt(0)] = 1;

/** One character folded for matching: full-width to half-width, Latin letters to upper case. */
export function fold(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0xff01 && c <= 0xff5e) return String.fromCharCode(c - 0xfee0).toUpperCase();
  return c >= 0x61 && c <= 0x7a ? String.fromCharCode(c - 0x20) : ch;
}

/** `fold` on a code point: the same folding without making a string. */
export function foldCode(c: number): number {
  const h = c >= 0xff01 && c <= 0xff5e ? c - 0xfee0 : c;
  return h >= 0x61 && h <= 0x7a ? h - 0x20 : h;
}

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
  return Array.from(name)
    .map(fold)
    .filter((ch) => !isGap(ch))
    .join('');
}

/** Characters typed between the characters of a name (`马 强`, `阿卜杜·热合曼`), skipped when matching. */
export function isGap(ch: string): boolean {
  return /^[\s\u00B7\u2022\u30FB\u200B-\u200D\u2060\uFEFF.．・•]$/u.test(ch);
}

/** One character folded for matching: full-width to half-width, Latin letters to upper case. */
export function fold(ch: string): string {
  const c = ch.charCodeAt(0);
  const half = c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : ch === '\u3000' ? ' ' : ch;
  return half.toUpperCase();
}

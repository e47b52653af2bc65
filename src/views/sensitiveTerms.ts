import { HEALTH_TERMS, KEY_TYPES } from '../domain/catalog.js';
import { maskName } from '../domain/text.js';
import type { Projection } from '../store/Projection.js';
import type { AuditEntry, KeyPerson, State } from '../store/state.js';
import { viewOf } from '../store/views.js';
import { canonicalName, fold, foldCode, isGap, isGapCode } from './keyPersonLabel.js';

/**
 * What a term is: a key person's name (current or former), a detail of theirs (罪名, 刑期), a 6+9
 * type name, or a health term. Free text is masked on all four; the outlet's second net on all but
 * the type names, which help and error messages must be able to list.
 */
export type TermKind = 'name' | 'detail' | 'type' | 'health';

export const HIDDEN = '（已隐去）';

/** A kind as a small number, so a term costs no object: 0 is "no term ends here". */
const KIND_CODES: readonly TermKind[] = ['name', 'detail', 'type', 'health'];
const NAME = 1;

/**
 * A trie node that has children. A node without any is only the code of its term's kind, kept in
 * its parent's map: in a province most of the 57k names end in such a leaf, which costs no object.
 * Children are keyed by the folded code point, so walking the trie makes no strings.
 */
interface Inner {
  next: Map<number, Child>;
  kind: number;
}
type Child = Inner | number;

/**
 * Every string a group must not read, in a trie keyed on folded characters (half-width, upper
 * case). A match skips spaces and dots between characters, so `马 强`, `马强` and `马　强` are one
 * name. Terms are only ever added: a former name or crime stays masked after an edit or a withdrawal.
 * What a term is replaced by follows from its kind: a name by its masked form (`刘*华`), anything
 * else by `（已隐去）`.
 */
export class TermMatcher {
  private readonly root: Inner = { next: new Map(), kind: 0 };
  size = 0;

  add(text: string, kind: TermKind): void {
    this.addCanonical(canonicalName(text), KIND_CODES.indexOf(kind) + 1);
  }

  /** Adds a term already in canonical form (`canonicalName`), with its kind's code. */
  private addCanonical(key: string, kind: number): void {
    if (key === '') return;
    let node = this.root;
    let i = 0;
    for (;;) {
      const c = key.codePointAt(i) as number;
      i += c > 0xffff ? 2 : 1;
      const child = node.next.get(c);
      if (i < key.length) {
        if (child === undefined || typeof child === 'number') {
          const inner: Inner = { next: new Map(), kind: child ?? 0 };
          node.next.set(c, inner);
          node = inner;
        } else node = child;
        continue;
      }
      // A name wins over anything with the same letters: it is what must be masked most. Otherwise
      // the first kind stays, so a 罪名 typed as a catalog word (`涉毒`) never masks the catalog itself.
      const was = child === undefined ? 0 : typeof child === 'number' ? child : child.kind;
      if (was === 0) this.size++;
      const now = was === 0 || kind === NAME ? kind : was;
      if (typeof child === 'object') child.kind = now;
      else node.next.set(c, now);
      return;
    }
  }

  /**
   * Adds a key person's name (2+ characters once canonical), crime and distinctive sentence.
   * `seen` holds the crimes and sentences already added while building: a province's 57k persons
   * share a few hundred of them, and a set lookup is cheaper than walking the trie again.
   */
  addPerson(p: Partial<Pick<KeyPerson, 'name' | 'crime' | 'sentence'>>, seen?: Set<string>): void {
    if (p.name) {
      const key = canonicalName(p.name);
      if (key.length >= 2) this.addCanonical(key, NAME);
    }
    const crime = p.crime?.trim();
    if (crime && crime.length >= 2) this.addDetail(crime, seen);
    // A short 刑期 (`3年`) is also part of ordinary dates and counts: only distinctive ones are terms.
    const sentence = p.sentence?.trim();
    if (sentence && sentence.length >= 4) this.addDetail(sentence, seen);
  }

  private addDetail(text: string, seen: Set<string> | undefined): void {
    if (seen?.has(text)) return;
    seen?.add(text);
    this.add(text, 'detail');
  }

  /**
   * One pass over `text`: at each position the longest term of one of `kinds` is replaced by what a
   * group may see. `keep` lists names never masked (the members' own names): a match that is the
   * start of one of them is left as typed.
   */
  mask(text: string, kinds: ReadonlySet<TermKind>, keep: readonly string[] = []): string {
    const wanted = kindMask(kinds);
    const chars = Array.from(text);
    let out = '';
    let i = 0;
    while (i < chars.length) {
      const first = chars[i] as string;
      const c0 = first.codePointAt(0) as number;
      let node = isGapCode(c0) ? undefined : this.root.next.get(foldCode(c0));
      let bestEnd = -1;
      let bestKind = 0;
      let j = i + 1;
      while (node !== undefined) {
        const kind = typeof node === 'number' ? node : node.kind;
        if (kind !== 0 && (wanted & (1 << kind)) !== 0) {
          bestEnd = j;
          bestKind = kind;
        }
        if (typeof node === 'number') break;
        let k = j;
        while (k < chars.length && isGapCode((chars[k] as string).codePointAt(0) as number)) k++;
        if (k >= chars.length) break;
        node = node.next.get(foldCode((chars[k] as string).codePointAt(0) as number));
        j = k + 1;
      }
      if (bestEnd < 0) {
        out += first;
        i++;
        continue;
      }
      if (bestKind !== NAME) {
        out += HIDDEN;
        i = bestEnd;
        continue;
      }
      const matched = canonicalName(chars.slice(i, bestEnd).join(''));
      const kept = keptEnd(chars, i, matched, keep);
      if (kept !== null) {
        out += chars.slice(i, kept).join('');
        i = kept;
      } else {
        out += maskName(matched);
        i = bestEnd;
      }
    }
    return out;
  }
}

/** The kinds of a set as bits (1 << code), so each match checks a number, not a set. */
function kindMask(kinds: ReadonlySet<TermKind>): number {
  let bits = 0;
  for (const k of kinds) bits |= 1 << (KIND_CODES.indexOf(k) + 1);
  return bits;
}

/** The kept names in canonical form, per list (a province's members: 16k names, for every match). */
const canonicalKeep = new WeakMap<readonly string[], readonly string[]>();

function canonicalOf(keep: readonly string[]): readonly string[] {
  let names = canonicalKeep.get(keep);
  if (!names) {
    names = keep.map(canonicalName);
    canonicalKeep.set(keep, names);
  }
  return names;
}

/** If a kept name (as long as the match `matched`, canonical, or longer) starts at `i`, where it ends; else null. */
function keptEnd(chars: string[], i: number, matched: string, keep: readonly string[]): number | null {
  for (const name of canonicalOf(keep)) {
    if (name.length < matched.length || !name.startsWith(matched)) continue;
    let k = i;
    let m = 0;
    while (k < chars.length && m < name.length) {
      const ch = chars[k] as string;
      if (m > 0 && isGap(ch)) {
        k++;
        continue;
      }
      if (fold(ch) !== name[m]) break;
      k++;
      m++;
    }
    if (m === name.length) return k;
  }
  return null;
}

/** Adds what one change makes sensitive: a new person, or the values an edit brought in (what it replaced is in already). */
function addEntry(m: TermMatcher, e: AuditEntry): void {
  if (e.type === 'keyPerson.add') m.addPerson(e.person);
  else if (e.type === 'terms.carry') for (const t of e.terms) m.addPerson(t);
  else if (e.type === 'keyPerson.edit') {
    const c = e.changes;
    m.addPerson({ name: c.name?.[1], crime: c.crime?.[1], sentence: c.sentence?.[1] });
  }
}

/** Everything a group must not read: every key person as recorded, and what their edits replaced (`formerTerms`). */
function buildTerms(state: State): TermMatcher {
  const matcher = new TermMatcher();
  for (const t of KEY_TYPES) matcher.add(t, 'type');
  for (const t of HEALTH_TERMS) matcher.add(t, 'health');
  const seen = new Set<string>();
  for (const p of state.keyPersons) matcher.addPerson(p, seen);
  for (const f of state.formerTerms ?? []) matcher.addPerson(f, seen);
  return matcher;
}

/**
 * The matcher as a projection the store keeps: built once when the store opens, from the state
 * alone (the former names and crimes of edited key persons are kept on it, so no history is read),
 * then a change to key persons adds its terms; any other change costs nothing.
 */
export const SENSITIVE_TERMS: Projection<TermMatcher> = {
  key: { name: 'sensitiveTerms' },
  build: (state) => buildTerms(state),
  apply: (matcher, e) => addEntry(matcher, e),
};

/** The matcher for a state, as the store keeps it (built from the state alone when no store does). */
export function sensitiveTerms(state: State): TermMatcher {
  return viewOf(state, SENSITIVE_TERMS.key) ?? buildTerms(state);
}

const FREE_TEXT: ReadonlySet<TermKind> = new Set(['name', 'detail', 'type', 'health']);

/**
 * Free text (情况, 措施, 说明, history values) as a group may read it: every current and former
 * name of a key person masked, their crimes and sentences hidden, 6+9 type and health terms hidden.
 * Mask first, cut after: `shorten(maskFreeText(s))`, never the other way round.
 */
export function maskFreeText(text: string, state: State, keep: readonly string[] = []): string {
  return sensitiveTerms(state).mask(text, FREE_TEXT, keep);
}

/** Cuts a text to `n` characters (spaces squeezed), with an ellipsis. */
export function shorten(s: string, n: number): string {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
}

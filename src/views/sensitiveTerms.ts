import { HEALTH_TERMS, KEY_TYPES } from '../domain/catalog.js';
import { maskName } from '../domain/text.js';
import type { HistoryOf, Projection } from '../store/Projection.js';
import type { AuditEntry, KeyPerson, State } from '../store/state.js';
import { viewOf } from '../store/views.js';
import { canonicalName, fold, isGap } from './keyPersonLabel.js';

/**
 * What a term is: a key person's name (current or former), a detail of theirs (罪名, 刑期), a 6+9
 * type name, or a health term. Free text is masked on all four; the outlet's second net on all but
 * the type names, which help and error messages must be able to list.
 */
export type TermKind = 'name' | 'detail' | 'type' | 'health';

export const HIDDEN = '（已隐去）';

interface Term {
  kind: TermKind;
  shown: string;
}

interface Node {
  next: Map<string, Node>;
  term?: Term;
}

/**
 * Every string a group must not read, in a trie keyed on folded characters (half-width, upper
 * case). A match skips spaces and dots between characters, so `马 强`, `马强` and `马　强` are one
 * name. Terms are only ever added: a former name or crime stays masked after an edit or a withdrawal.
 */
export class TermMatcher {
  private readonly root: Node = { next: new Map() };
  size = 0;

  add(text: string, kind: TermKind, shown: string): void {
    const key = canonicalName(text);
    if (key === '') return;
    let node = this.root;
    for (const ch of key) {
      let n = node.next.get(ch);
      if (!n) {
        n = { next: new Map() };
        node.next.set(ch, n);
      }
      node = n;
    }
    // A name wins over anything with the same letters: it is what must be masked most. Otherwise
    // the first kind stays, so a 罪名 typed as a catalog word (`涉毒`) never masks the catalog itself.
    if (!node.term) {
      this.size++;
      node.term = { kind, shown };
    } else if (kind === 'name') node.term = { kind, shown };
  }

  /**
   * One pass over `text`: at each position the longest term of one of `kinds` is replaced by what a
   * group may see. `keep` lists names never masked (the members' own names): a match that is the
   * start of one of them is left as typed.
   */
  mask(text: string, kinds: ReadonlySet<TermKind>, keep: readonly string[] = []): string {
    const chars = Array.from(text);
    let out = '';
    let i = 0;
    while (i < chars.length) {
      const first = chars[i] as string;
      let node = isGap(first) ? undefined : this.root.next.get(fold(first));
      let best: { end: number; term: Term } | null = null;
      let j = i + 1;
      while (node) {
        if (node.term && kinds.has(node.term.kind)) best = { end: j, term: node.term };
        let k = j;
        while (k < chars.length && isGap(chars[k] as string)) k++;
        if (k >= chars.length) break;
        node = node.next.get(fold(chars[k] as string));
        j = k + 1;
      }
      if (!best) {
        out += first;
        i++;
        continue;
      }
      const kept = best.term.kind === 'name' ? keptEnd(chars, i, best.end, keep) : null;
      if (kept !== null) {
        out += chars.slice(i, kept).join('');
        i = kept;
      } else {
        out += best.term.shown;
        i = best.end;
      }
    }
    return out;
  }
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

/** If a kept name (as long as the match or longer) starts at `i`, where it ends; else null. */
function keptEnd(chars: string[], i: number, end: number, keep: readonly string[]): number | null {
  const matched = canonicalName(chars.slice(i, end).join(''));
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

function addPerson(m: TermMatcher, p: Partial<Pick<KeyPerson, 'name' | 'crime' | 'sentence'>>): void {
  if (p.name && canonicalName(p.name).length >= 2) m.add(p.name, 'name', maskName(canonicalName(p.name)));
  if (p.crime && p.crime.trim().length >= 2) m.add(p.crime.trim(), 'detail', HIDDEN);
  // A short 刑期 (`3年`) is also part of ordinary dates and counts: only distinctive ones are terms.
  if (p.sentence && p.sentence.trim().length >= 4) m.add(p.sentence.trim(), 'detail', HIDDEN);
}

/** Adds what one audit entry makes sensitive: a new person, or the values an edit brought in or replaced. */
function addEntry(m: TermMatcher, e: AuditEntry, withBefore: boolean): void {
  if (e.type === 'keyPerson.add') addPerson(m, e.person);
  else if (e.type === 'keyPerson.edit') {
    const c = e.changes;
    addPerson(m, { name: c.name?.[1], crime: c.crime?.[1], sentence: c.sentence?.[1] });
    if (withBefore) addPerson(m, { name: c.name?.[0], crime: c.crime?.[0], sentence: c.sentence?.[0] });
  }
}

export type { HistoryOf };

/** Everything a group must not read, from the state and, for edited key persons, their history. */
function buildTerms(state: State, history?: HistoryOf): TermMatcher {
  const matcher = new TermMatcher();
  for (const t of KEY_TYPES) matcher.add(t, 'type', HIDDEN);
  for (const t of HEALTH_TERMS) matcher.add(t, 'health', HIDDEN);
  for (const p of state.keyPersons) {
    addPerson(matcher, p);
    if (history)
      for (const e of history(`P${p.id}`)) if (e.type === 'keyPerson.edit') addEntry(matcher, e, true);
  }
  return matcher;
}

/**
 * The matcher as a projection the store keeps: built once when the store opens (the history
 * supplies the former names and crimes of edited key persons), then a change to key persons adds
 * its terms (the former values are already in); any other change costs nothing.
 */
export const SENSITIVE_TERMS: Projection<TermMatcher> = {
  key: { name: 'sensitiveTerms' },
  build: (state, history) => buildTerms(state, history),
  apply: (matcher, e) => addEntry(matcher, e, false),
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

/** The kinds of record numbered in a row (`H3`, `P2`): their changes are kept by number. */
export const NUMBERED = ['H', 'P'] as const;
export type Numbered = (typeof NUMBERED)[number];

/** A record's changes: none (0), one (its seq, as most records have), or several. */
export type Slot = number | number[];

const TARGET = /^([HP])([1-9]\d*)$/;

/**
 * The index of the history: for each record (`H3`, `P2`, `导入:<msgId>`), the seqs of its changes.
 * Hazards and key persons are kept by number in plain arrays, a record changed once as a bare
 * number: a province's 342k records held as an object of 342k keys and arrays took 55 MB and
 * 0.5 s to load; as arrays of numbers they take a few MB.
 */
export class HistoryIndex {
  /** by kind, the record numbered n at n - 1 */
  readonly numbered: Record<Numbered, Slot[]> = { H: [], P: [] };
  /** records not numbered in a row (an import's marker) */
  readonly other = new Map<string, number[]>();

  /** The seqs of one record's changes, oldest first (none for a record the index does not know). */
  seqs(target: string): readonly number[] {
    const m = TARGET.exec(target);
    if (!m) return this.other.get(target) ?? [];
    const slot = this.numbered[m[1] as Numbered][Number(m[2]) - 1];
    return slot === undefined || slot === 0 ? [] : typeof slot === 'number' ? [slot] : slot;
  }

  /** Notes one more change of `target`. */
  add(target: string, seq: number): void {
    const m = TARGET.exec(target);
    if (!m) {
      const seqs = this.other.get(target);
      if (seqs) seqs.push(seq);
      else this.other.set(target, [seq]);
      return;
    }
    const slots = this.numbered[m[1] as Numbered];
    const i = Number(m[2]) - 1;
    // filled up to the slot first: a write far past the end would turn the array into a dictionary
    while (slots.length < i) slots.push(0);
    const slot = slots[i];
    slots[i] =
      slot === undefined || slot === 0 ? seq : typeof slot === 'number' ? [slot, seq] : [...slot, seq];
  }

  /** Every record the index knows, with its seqs. */
  *entries(): Iterable<[string, readonly number[]]> {
    for (const kind of NUMBERED) {
      const slots = this.numbered[kind];
      for (let i = 0; i < slots.length; i++) {
        const seqs = this.seqs(`${kind}${i + 1}`);
        if (seqs.length > 0) yield [`${kind}${i + 1}`, seqs];
      }
    }
    yield* this.other;
  }

  /** The index of an older file, which kept it as an object of records. */
  static from(record: Record<string, number[]>): HistoryIndex {
    const index = new HistoryIndex();
    for (const [target, seqs] of Object.entries(record)) for (const seq of seqs) index.add(target, seq);
    return index;
  }
}

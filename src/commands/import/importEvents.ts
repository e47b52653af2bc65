import type { HazardFields, KeyPersonFields, Meta, NewEvent, State } from '../../store/state.js';
import type { LedgerKind } from './ledgerColumns.js';

/**
 * The changes one import commits together (one journal line, `Store.commitAll`): each record's
 * add, then the marker naming the file and each record's row (and, carried over, its old number),
 * which #历史 shows and #撤销 takes back as one.
 */
export function importEvents(
  first: number,
  meta: Meta,
  kind: LedgerKind,
  file: string,
  records: readonly { row: number; fields: HazardFields | KeyPersonFields; from?: string }[],
): NewEvent[] {
  const adds: NewEvent[] = records.map((r) =>
    kind === 'hazards'
      ? { ...meta, type: 'hazard.add', hazard: r.fields as HazardFields }
      : { ...meta, type: 'keyPerson.add', person: r.fields as KeyPersonFields },
  );
  const from = records.every((r) => r.from !== undefined)
    ? { from: records.map((r) => r.from as string) }
    : {};
  return [...adds, { ...meta, type: 'import', kind, file, first, rows: records.map((r) => r.row), ...from }];
}

/** The id the next record of a kind gets. */
export function nextId(state: State, kind: LedgerKind): number {
  return (kind === 'hazards' ? state.hazards.length : state.keyPersons.length) + 1;
}

/** `H5–H24` (or `P3`) for the records an import added. */
export function idRange(kind: LedgerKind, first: number, count: number): string {
  const p = kind === 'hazards' ? 'H' : 'P';
  return count === 1 ? `${p}${first}` : `${p}${first}–${p}${first + count - 1}`;
}

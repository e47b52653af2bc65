import type { StoredEvent, Withdrawal } from './state.js';

/** What hazards and key persons share: the life of a record from its #登记 to its #删除. */
interface Record0 {
  id: number;
  unit: string;
  createdBy: string;
  createdAt: string;
  rev: number;
  withdrawn: Withdrawal | null;
}

/** The record kinds, as their ids are written and their errors name them. */
export const KINDS = {
  hazard: { prefix: 'H', noun: 'hazard' },
  keyPerson: { prefix: 'P', noun: 'key person' },
};

type Kind = (typeof KINDS)[keyof typeof KINDS];

/** A new record of `list`, numbered after the last, as change `ev` made it. */
export function addRecord<F extends object, R extends Record0>(list: R[], fields: F, ev: StoredEvent): R {
  const r = {
    ...fields,
    id: list.length + 1,
    unit: ev.unit ?? '',
    createdBy: ev.by,
    createdAt: ev.at,
    rev: ev.seq,
    withdrawn: null,
  } as unknown as R;
  list.push(r);
  return r;
}

/**
 * Record `ev.id` edited (the changes' new values) or withdrawn (with who, when and why), copy on
 * write; `then` adds what one kind does beside (a hazard's status edit drops its verification).
 */
export function reviseRecord<R extends Record0>(
  list: R[],
  kind: Kind,
  ev: StoredEvent & { id: number } & ({ changes: object } | { reason: string }),
  then?: (next: R) => void,
): R {
  const r = list[ev.id - 1];
  if (!r) throw new Error(`change #${ev.seq}: no ${kind.noun} ${kind.prefix}${ev.id}`);
  const next = { ...r, rev: ev.seq };
  if ('changes' in ev) Object.assign(next, afterValues(ev.changes as Changes));
  else next.withdrawn = { by: ev.by, at: ev.at, reason: ev.reason };
  then?.(next);
  list[ev.id - 1] = next;
  return next;
}

type Changes = Record<string, [unknown, unknown] | undefined>;

/** { field: [before, after] } → { field: after } */
export function afterValues(changes: Changes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(changes)) if (v) out[k] = v[1];
  return out;
}

import { type CumulativeFigure, type Form, STATUSES, type Status } from '../domain/catalog.js';
import type { State, Submission } from '../store/state.js';

/** Everything per unit that forms, progress and reminders need, gathered in one pass over the store. */
export interface UnitFacts {
  statuses: Record<Status, number>;
  hazardCount: number;
  keyPersonCount: number;
  cumulative: Record<CumulativeFigure, number>;
  uncollected: number | null;
  absconded: number | null;
  registered: number | null;
  located: number | null;
  /** seq of the last change to what each form holds */
  lastChange: Record<Form, number>;
  /** latest submission per form */
  submissions: Partial<Record<Form, Submission>>;
  /** earliest submission per form (for "late") */
  firstSubmission: Partial<Record<Form, Submission>>;
}

function emptyFacts(): UnitFacts {
  return {
    statuses: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
    hazardCount: 0,
    keyPersonCount: 0,
    cumulative: { 走访: 0, 惩处: 0, 教育: 0, 帮扶: 0 },
    uncollected: null,
    absconded: null,
    registered: null,
    located: null,
    lastChange: { hazards: 0, keyPersons: 0, statistics: 0 },
    submissions: {},
    firstSubmission: {},
  };
}

const cache = new WeakMap<State, { seq: number; index: Map<string, UnitFacts> }>();

/**
 * Per-unit facts at the store's current change. Cached by change number, so the many readers of
 * one state (a reply, a reminder sweep, a report) pay for one pass.
 */
export function unitIndex(state: State, units: readonly string[]): Map<string, UnitFacts> {
  const hit = cache.get(state);
  if (hit && hit.seq === state.seq && units.every((u) => hit.index.has(u))) return hit.index;
  const index = new Map<string, UnitFacts>(units.map((u) => [u, emptyFacts()]));
  const get = (u: string) => {
    const found = index.get(u);
    if (found) return found;
    const f = emptyFacts();
    index.set(u, f);
    return f;
  };
  for (const h of state.hazards) {
    const f = get(h.unit);
    f.lastChange.hazards = Math.max(f.lastChange.hazards, h.rev);
    if (h.withdrawn) continue;
    f.hazardCount++;
    f.statuses[h.status]++;
  }
  for (const p of state.keyPersons) {
    const f = get(p.unit);
    f.lastChange.keyPersons = Math.max(f.lastChange.keyPersons, p.rev);
    if (!p.withdrawn) f.keyPersonCount++;
  }
  for (const e of state.figures) {
    const f = get(e.unit);
    f.lastChange.statistics = Math.max(f.lastChange.statistics, e.seq);
    if (e.kind === 'add' || e.kind === 'correct') f.cumulative[e.item] += e.n;
    else if (e.kind === 'set') {
      if (e.item === '应收未收') f.uncollected = e.value;
      else f.absconded = e.value;
    } else {
      f.registered = e.registered;
      f.located = e.located;
    }
  }
  for (const s of state.submissions) {
    const f = get(s.unit);
    f.submissions[s.form] = s;
    f.firstSubmission[s.form] ??= s;
  }
  // 附件3 shows the hazard and key-person counts too: a change there changes the submitted row.
  for (const f of index.values())
    f.lastChange.statistics = Math.max(
      f.lastChange.statistics,
      f.lastChange.hazards,
      f.lastChange.keyPersons,
    );
  cache.set(state, { seq: state.seq, index });
  return index;
}

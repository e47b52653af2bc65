import { type CumulativeFigure, type Form, STATUSES, type Status } from '../domain/catalog.js';
import type { Projection, ViewKey } from '../store/Projection.js';
import type { AuditEntry, FigureReport, State, Submission } from '../store/state.js';
import { viewOf } from '../store/views.js';

/** Everything per unit that forms, progress and reminders need, gathered in one pass over the store. */
export interface UnitFacts {
  statuses: Record<Status, number>;
  hazardCount: number;
  /** ids of the unit's hazards (withdrawn ones included), in storage order */
  hazardIds: number[];
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
    hazardIds: [],
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

/** The per-unit facts of one campaign's units. */
export interface UnitIndexView {
  units: readonly string[];
  index: Map<string, UnitFacts>;
}

export const UNIT_FACTS: ViewKey<UnitIndexView> = { name: 'unitFacts' };

/** The per-unit facts as a projection the store keeps, for the campaign's `units`. */
export function unitFacts(units: readonly string[]): Projection<UnitIndexView> {
  return {
    key: UNIT_FACTS,
    build: (state) => ({ units, index: fullIndex(state, units) }),
    apply(view, e, state) {
      if (e.type !== 'undo') return applyToIndex(view.index, state, e);
      // an undo (#撤销) may reach any earlier change: count again from the records
      view.index.clear();
      for (const [unit, f] of fullIndex(state, view.units)) view.index.set(unit, f);
    },
  };
}

/**
 * Per-unit facts at the store's current change, as the store keeps them (so the cost of a reply
 * does not grow with the size of the store); a full pass for a state no store keeps them on.
 */
export function unitIndex(state: State, units: readonly string[]): Map<string, UnitFacts> {
  const view = viewOf(state, UNIT_FACTS);
  return view && view.units === units ? view.index : fullIndex(state, units);
}

function factsOf(index: Map<string, UnitFacts>, unit: string): UnitFacts {
  const found = index.get(unit);
  if (found) return found;
  const f = emptyFacts();
  index.set(unit, f);
  return f;
}

/** One change, applied to the index as `fullIndex` would have counted it. */
function applyToIndex(index: Map<string, UnitFacts>, state: State, e: AuditEntry): void {
  switch (e.type) {
    case 'hazard.add': {
      const f = factsOf(index, e.unit ?? '');
      f.hazardIds.push(hazardIdOf(e));
      f.hazardCount++;
      f.statuses[e.hazard.status]++;
      f.lastChange.hazards = e.seq;
      break;
    }
    case 'hazard.edit':
    case 'hazard.withdraw': {
      const h = state.hazards[e.id - 1];
      if (!h) return;
      const f = factsOf(index, h.unit);
      if (e.type === 'hazard.edit' && e.changes.status) {
        f.statuses[e.changes.status[0]]--;
        f.statuses[e.changes.status[1]]++;
      }
      if (e.type === 'hazard.withdraw') {
        f.hazardCount--;
        f.statuses[h.status]--;
      }
      f.lastChange.hazards = e.seq;
      break;
    }
    case 'hazard.verify': {
      if (e.result !== 'return') return;
      const h = state.hazards[e.id - 1];
      if (!h) return;
      const f = factsOf(index, h.unit);
      f.statuses[e.from]--;
      f.statuses.整改中++;
      f.lastChange.hazards = e.seq;
      break;
    }
    case 'keyPerson.add':
    case 'keyPerson.edit':
    case 'keyPerson.withdraw': {
      const unit = e.type === 'keyPerson.add' ? (e.unit ?? '') : (state.keyPersons[e.id - 1]?.unit ?? '');
      const f = factsOf(index, unit);
      if (e.type === 'keyPerson.add') f.keyPersonCount++;
      if (e.type === 'keyPerson.withdraw') f.keyPersonCount--;
      f.lastChange.keyPersons = e.seq;
      break;
    }
    case 'figure': {
      const f = factsOf(index, e.unit ?? '');
      countFigure(f, e.report);
      f.lastChange.statistics = e.seq;
      break;
    }
    case 'submit': {
      const f = factsOf(index, e.unit ?? '');
      const sub = { unit: e.unit ?? '', form: e.form, empty: e.empty, by: e.by, at: e.at, seq: e.seq };
      f.submissions[e.form] = sub;
      f.firstSubmission[e.form] ??= sub;
      break;
    }
    default:
      return;
  }
  if (e.type.startsWith('hazard') || e.type.startsWith('keyPerson')) {
    const f = factsOf(index, e.unit ?? '');
    f.lastChange.statistics = Math.max(f.lastChange.statistics, e.seq);
  }
}

/** The id a hazard.add change gave its hazard (its target, `H12`). */
function hazardIdOf(e: AuditEntry): number {
  return Number(e.target?.slice(1));
}

function countFigure(f: UnitFacts, e: FigureReport): void {
  if (e.kind === 'add' || e.kind === 'correct') f.cumulative[e.item] += e.n;
  else if (e.kind === 'set') {
    if (e.item === '应收未收') f.uncollected = e.value;
    else f.absconded = e.value;
  } else {
    f.registered = e.registered;
    f.located = e.located;
  }
}

/** The full pass over the store. */
function fullIndex(state: State, units: readonly string[]): Map<string, UnitFacts> {
  const index = new Map<string, UnitFacts>();
  for (const u of units) index.set(u, emptyFacts());
  // 570k records in a province: the lookup is inlined and a newer seq compared, not Math.max'd
  for (const h of state.hazards) {
    const f = index.get(h.unit) ?? factsOf(index, h.unit);
    if (h.rev > f.lastChange.hazards) f.lastChange.hazards = h.rev;
    f.hazardIds.push(h.id);
    if (h.withdrawn) continue;
    f.hazardCount++;
    f.statuses[h.status]++;
  }
  for (const p of state.keyPersons) {
    const f = index.get(p.unit) ?? factsOf(index, p.unit);
    if (p.rev > f.lastChange.keyPersons) f.lastChange.keyPersons = p.rev;
    if (!p.withdrawn) f.keyPersonCount++;
  }
  for (const e of state.figures) {
    const f = index.get(e.unit) ?? factsOf(index, e.unit);
    const seq = e.undone ?? e.seq;
    if (seq > f.lastChange.statistics) f.lastChange.statistics = seq;
    if (e.undone === undefined) countFigure(f, e);
  }
  for (const s of state.submissions) {
    const f = index.get(s.unit) ?? factsOf(index, s.unit);
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
  return index;
}

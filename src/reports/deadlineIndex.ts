import type { Projection } from '../store/Projection.js';
import type { AuditEntry, Hazard, State } from '../store/state.js';
import { viewOf } from '../store/views.js';

/** Open hazards (未整改 or 整改中, not withdrawn) that have a 完成时限, by that date. */
export interface DeadlineIndex {
  /** deadline → ids of the open hazards due that day */
  byDeadline: Map<string, Set<number>>;
  /** the keys of `byDeadline`, ascending */
  deadlines: string[];
  /** id → the deadline it is filed under (open hazards only) */
  filed: Map<number, string>;
}

/** Whether a hazard still needs work and has a deadline to be reminded of. */
export function isOpenWithDeadline(h: Hazard): boolean {
  return !h.withdrawn && (h.status === '未整改' || h.status === '整改中') && h.deadline !== null;
}

/**
 * Open hazards by deadline, as a projection the store keeps: each hazard a change touches is
 * refiled as it stands after it, so a sweep never walks every hazard.
 */
export const DEADLINES: Projection<DeadlineIndex> = {
  key: { name: 'deadlines' },
  build: (state) => fullDeadlineIndex(state),
  apply(index, e, state) {
    const id = hazardIdOf(e) ?? (e.type === 'hazard.verify' ? e.id : e.type === 'undo' ? e.hazard?.id : null);
    if (id != null) refile(index, state.hazards[id - 1], id);
  },
};

/** The index at the store's current change (a full pass for a state no store keeps it on). */
export function deadlineIndex(state: State): DeadlineIndex {
  return viewOf(state, DEADLINES.key) ?? fullDeadlineIndex(state);
}

/** The full pass: what the incremental index must always equal. */
export function fullDeadlineIndex(state: State): DeadlineIndex {
  const index: DeadlineIndex = { byDeadline: new Map(), deadlines: [], filed: new Map() };
  for (const h of state.hazards) refile(index, h, h.id);
  return index;
}

/** Open hazards whose deadline is on or before `horizon`, earliest first (cost: the hazards returned). */
export function openHazardsDueBy(state: State, horizon: string): Hazard[] {
  const index = deadlineIndex(state);
  const out: Hazard[] = [];
  for (const d of index.deadlines) {
    if (d > horizon) break;
    for (const id of index.byDeadline.get(d) ?? []) {
      const h = state.hazards[id - 1];
      if (h) out.push(h);
    }
  }
  return out;
}

/** The hazard a change touched, if it is a hazard change. */
export function hazardIdOf(e: AuditEntry): number | null {
  if (e.type === 'hazard.add') return Number(e.target?.slice(1));
  if (e.type === 'hazard.edit' || e.type === 'hazard.withdraw') return e.id;
  return null;
}

function refile(index: DeadlineIndex, h: Hazard | undefined, id: number): void {
  const was = index.filed.get(id);
  const now = h && isOpenWithDeadline(h) ? (h.deadline as string) : undefined;
  if (was === now) return;
  if (was !== undefined) {
    const set = index.byDeadline.get(was);
    set?.delete(id);
    if (set && set.size === 0) {
      index.byDeadline.delete(was);
      index.deadlines.splice(index.deadlines.indexOf(was), 1);
    }
    index.filed.delete(id);
  }
  if (now !== undefined) {
    let set = index.byDeadline.get(now);
    if (!set) {
      set = new Set();
      index.byDeadline.set(now, set);
      index.deadlines.splice(insertAt(index.deadlines, now), 0, now);
    }
    set.add(id);
    index.filed.set(id, now);
  }
}

function insertAt(sorted: string[], x: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as string) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

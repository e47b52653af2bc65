import type { Projection } from '../store/Projection.js';
import type { AuditEntry, Hazard, State } from '../store/state.js';
import { viewOf } from '../store/views.js';

/** Open hazards (未整改 or 整改中, not withdrawn) that have a 完成时限, by that date. */
export interface DeadlineIndex {
  /** deadline → ids of the open hazards due that day, in the order they were filed */
  byDeadline: Map<string, number[]>;
  /** the keys of `byDeadline`, ascending */
  deadlines: string[];
  /**
   * by id: the deadline it is filed under (open hazards only). An array, not a Map: a province
   * files 285k hazards at start-up, and a slot costs 4 bytes where a Map entry costs about 30.
   */
  filed: (string | undefined)[];
  /**
   * Changes to hazards brought in since it was built, whether or not they moved one: a reader that
   * remembers an answer knows by it that no hazard changed since.
   */
  version: number;
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
    if (id == null) return;
    index.version++;
    refile(index, state.hazards[id - 1], id);
  },
};

/** The index at the store's current change (a full pass for a state no store keeps it on). */
export function deadlineIndex(state: State): DeadlineIndex {
  return viewOf(state, DEADLINES.key) ?? fullDeadlineIndex(state);
}

/** The full pass: what the incremental index must always equal. */
export function fullDeadlineIndex(state: State): DeadlineIndex {
  const byDeadline = new Map<string, number[]>();
  // filled in id order (hazard n is stored at n - 1), so the array never has a gap to make it sparse
  const filed: (string | undefined)[] = [undefined];
  for (const h of state.hazards) {
    const d = isOpenWithDeadline(h) ? (h.deadline as string) : undefined;
    if (h.id === filed.length) filed.push(d);
    else filed[h.id] = d;
    if (d === undefined) continue;
    const ids = byDeadline.get(d);
    if (ids) ids.push(h.id);
    else byDeadline.set(d, [h.id]);
  }
  // one sort of the few hundred days, not an insertion per new day
  return { byDeadline, deadlines: [...byDeadline.keys()].sort(), filed, version: 0 };
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

/** Files hazard `id` as it stands now; a change costs a search of the ids due on its old day. */
function refile(index: DeadlineIndex, h: Hazard | undefined, id: number): void {
  const was = index.filed[id];
  const now = h && isOpenWithDeadline(h) ? (h.deadline as string) : undefined;
  if (was === now) return;
  if (was !== undefined) {
    const ids = index.byDeadline.get(was);
    const at = ids ? ids.indexOf(id) : -1;
    if (ids && at >= 0) ids.splice(at, 1);
    if (ids && ids.length === 0) {
      index.byDeadline.delete(was);
      index.deadlines.splice(index.deadlines.indexOf(was), 1);
    }
    index.filed[id] = undefined;
  }
  if (now !== undefined) {
    let ids = index.byDeadline.get(now);
    if (!ids) {
      ids = [];
      index.byDeadline.set(now, ids);
      index.deadlines.splice(insertAt(index.deadlines, now), 0, now);
    }
    ids.push(id);
    // filled up to `id` first: a write far past the end (after an import of a thousand closed
    // hazards) would turn the array into a slow dictionary
    while (index.filed.length < id) index.filed.push(undefined);
    index.filed[id] = now;
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

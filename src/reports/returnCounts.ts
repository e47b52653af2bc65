import type { Projection, ViewKey } from '../store/Projection.js';
import type { State } from '../store/state.js';
import { viewOf } from '../store/views.js';

/** How many times a supervisor sent each hazard's closure back (退回), by hazard id; hazards never returned are absent. */
export type ReturnCounts = Map<number, number>;

const KEY: ViewKey<ReturnCounts> = { name: 'returnCounts' };

/**
 * The counts as a projection: a hazard keeps only its last 退回, so the number of them is read once
 * from the history when the store opens, then counted as verdicts come (a verdict cannot be undone).
 */
export const RETURN_COUNTS: Projection<ReturnCounts> = {
  key: KEY,
  build(state, history) {
    const counts: ReturnCounts = new Map();
    for (const h of state.hazards) {
      if (!h.returned) continue;
      const n = history(`H${h.id}`).filter((e) => e.type === 'hazard.verify' && e.result === 'return').length;
      counts.set(h.id, Math.max(1, n));
    }
    return counts;
  },
  apply(counts, e) {
    if (e.type === 'hazard.verify' && e.result === 'return') counts.set(e.id, (counts.get(e.id) ?? 0) + 1);
  },
};

/**
 * The counts a store keeps on `state`, copied (a job may read them while later verdicts come); a
 * state no store keeps them on (a `stateAt` copy) knows only that a returned hazard was returned
 * at least once. Take them on the message path and hand them to the job.
 */
export function returnCounts(state: State): ReturnCounts {
  const kept = viewOf(state, KEY);
  if (kept) return new Map(kept);
  return new Map(state.hazards.filter((h) => h.returned).map((h) => [h.id, 1]));
}

import type { State } from '../store/state.js';

/** How many times a supervisor sent each hazard's closure back (退回), by hazard id; hazards never returned are absent. */
export type ReturnCounts = Map<number, number>;

/**
 * The counts as the state keeps them (`returnCounts`, counted as verdicts come: a hazard keeps
 * only its last 退回), copied so a job may read them while later verdicts come. Take them on the
 * message path and hand them to the job.
 */
export function returnCounts(state: State): ReturnCounts {
  const counts: ReturnCounts = new Map();
  for (const [id, n] of Object.entries(state.returnCounts ?? {})) counts.set(Number(id), n);
  // a returned hazard the counts do not name was returned at least once
  for (const h of state.hazards) if (h.returned && !counts.has(h.id)) counts.set(h.id, 1);
  return counts;
}

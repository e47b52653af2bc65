import { CLOSED_STATUSES } from '../domain/catalog.js';
import type { Hazard, State } from '../store/state.js';

/** A hazard its unit closed (已整改/无法整改) that no supervisor has verified yet: not 销账 until one does. */
export function awaitsVerification(h: Hazard): boolean {
  return !h.withdrawn && CLOSED_STATUSES.includes(h.status) && !h.verified;
}

/** Closed, verified: 销账. */
export function isClosedOut(h: Hazard): boolean {
  return !h.withdrawn && CLOSED_STATUSES.includes(h.status) && !!h.verified;
}

/** The hazards awaiting verification, optionally of some units only, in storage order. */
export function awaitingVerification(state: State, units?: readonly string[]): Hazard[] {
  return state.hazards.filter((h) => awaitsVerification(h) && (!units || units.includes(h.unit)));
}

/** How many hazards await verification: one pass, no list (the 09:00 reminder needs only the count). */
export function countAwaitingVerification(state: State): number {
  let n = 0;
  for (const h of state.hazards) if (awaitsVerification(h)) n++;
  return n;
}

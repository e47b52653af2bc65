import type { State } from '../store/state.js';
import { stateAt } from '../store/stateAt.js';
import { Views, viewOf } from '../store/views.js';
import { UNIT_FACTS, type UnitFacts } from './unitIndex.js';

function copyFacts(f: UnitFacts): UnitFacts {
  return {
    ...f,
    statuses: { ...f.statuses },
    hazardIds: f.hazardIds.slice(),
    cumulative: { ...f.cumulative },
    lastChange: { ...f.lastChange },
    submissions: { ...f.submissions },
    firstSubmission: { ...f.firstSubmission },
  };
}

/**
 * The state as it is now, for a job that makes a file later (`stateAt`), carrying a copy of the
 * per-unit facts the store keeps: they are counted in place as changes come, so they cannot be
 * shared, but a copy is one entry per unit, where building them again on the copy would be a pass
 * over every record on the bot's thread (65–140 ms for a city).
 */
export function exportView(state: State, units: readonly string[]): State {
  const view = stateAt(state);
  const live = viewOf(state, UNIT_FACTS);
  if (live && live.units === units) {
    const index = new Map([...live.index].map(([u, f]) => [u, copyFacts(f)]));
    // a view of a moment: nothing is ever applied to it
    Views.attach(view, [{ key: UNIT_FACTS, build: () => ({ units, index }), apply() {} }]);
  }
  return view;
}

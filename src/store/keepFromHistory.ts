import type { State, StoredEvent } from './state.js';

/** The kinds of change `keepFromHistory` keeps something of. */
export const KEPT_TYPES = ['keyPerson.edit', 'spotCheck', 'hazard.verify', 'terms.carry'] as const;

/**
 * Keeps on the state what a change leaves that the records themselves no longer show: a 抽查 draw,
 * the names, 罪名 and 刑期 a key person's edit brought in or replaced (the group screen masks them
 * all), and how many times a hazard was sent back (a hazard keeps only its last 退回). Reading
 * these back from each record's history made a province's start-up take minutes. Called for every change as it is applied, and once over the history for a data file
 * of a format that did not keep them.
 */
export function keepFromHistory(state: State, ev: StoredEvent): void {
  if (ev.type === 'spotCheck')
    state.spotChecks = [
      ...(state.spotChecks ?? []),
      { seq: ev.seq, by: ev.by, at: ev.at, seed: ev.seed, pool: ev.pool, ids: ev.ids },
    ];
  else if (ev.type === 'terms.carry') {
    if (!state.formerTerms) state.formerTerms = [];
    state.formerTerms.push(...ev.terms);
  } else if (ev.type === 'hazard.verify') {
    if (ev.result !== 'return') return;
    if (!state.returnCounts) state.returnCounts = {};
    state.returnCounts[ev.id] = (state.returnCounts[ev.id] ?? 0) + 1;
  } else if (ev.type === 'keyPerson.edit') {
    const c = ev.changes;
    for (const side of [0, 1] as const) {
      const terms = {
        ...(typeof c.name?.[side] === 'string' ? { name: c.name[side] } : {}),
        ...(typeof c.crime?.[side] === 'string' ? { crime: c.crime[side] } : {}),
        ...(typeof c.sentence?.[side] === 'string' ? { sentence: c.sentence[side] } : {}),
      };
      if (Object.keys(terms).length === 0) continue;
      if (!state.formerTerms) state.formerTerms = [];
      state.formerTerms.push(terms);
    }
  }
}

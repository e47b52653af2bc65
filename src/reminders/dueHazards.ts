import type { Campaign } from '../config/campaign.js';
import { addDays } from '../domain/dates.js';
import { type DeadlineIndex, deadlineIndex } from '../reports/deadlineIndex.js';
import type { Hazard, State } from '../store/state.js';

/** The reminder key of one unit's hazard reminder on one day: one key per unit per day, not per hazard. */
export function hazardReminderKey(unit: string, date: string): string {
  return `hazards:${unit}:${date}`;
}

/**
 * The last answer: exact while the state stays at the same change (the minute sweep asks the same
 * question sixty times an hour, and a change moves `seq`, so it is never stale). While no hazard
 * changed since (the deadline index's `version`), a later answer is that one without the units
 * reminded since: the sweep after 09:00 follows the stamps of 09:00's messages, and walking the
 * due hazards again took a province 20 ms.
 */
let last: {
  state: State;
  seq: number;
  date: string;
  horizon: string;
  units: Map<string, Hazard[]>;
  index: DeadlineIndex;
  version: number;
} | null = null;

/**
 * Per unit, the open hazards due within `hazardDueDaysBefore` days of `date` (or past due), for the
 * units not yet reminded that day, each unit's earliest first. A query over the deadline index the
 * store keeps: it costs the hazards due, however many hazards the store holds.
 */
export function hazardsDueByUnit(state: State, campaign: Campaign, date: string): Map<string, Hazard[]> {
  const horizon = addDays(date, campaign.reminders.hazardDueDaysBefore);
  const index = deadlineIndex(state);
  if (last?.state === state && last.date === date && last.horizon === horizon) {
    if (last.seq === state.seq) return last.units;
    if (last.index === index && last.version === index.version) {
      const units = new Map(
        [...last.units].filter(([unit]) => !state.reminders[hazardReminderKey(unit, date)]),
      );
      last = { ...last, seq: state.seq, units };
      return units;
    }
  }
  const units = new Map<string, Hazard[]>();
  // asked once per unit, not per hazard (after 09:00 every unit is reminded, and 100k hazards are due)
  const reminded = new Map<string, boolean>();
  for (const d of index.deadlines) {
    if (d > horizon) break;
    for (const id of index.byDeadline.get(d) ?? []) {
      const h = state.hazards[id - 1];
      if (!h) continue;
      let done = reminded.get(h.unit);
      if (done === undefined) {
        done = !!state.reminders[hazardReminderKey(h.unit, date)];
        reminded.set(h.unit, done);
      }
      if (done) continue;
      const list = units.get(h.unit);
      if (list) list.push(h);
      else units.set(h.unit, [h]);
    }
  }
  // deadlines come in order; within a day ids mostly do too (a refiled hazard goes last): sort only those that need it
  for (const list of units.values()) if (!isSorted(list)) list.sort(byDeadline);
  last = { state, seq: state.seq, date, horizon, units, index, version: index.version };
  return units;
}

function isSorted(list: readonly Hazard[]): boolean {
  for (let i = 1; i < list.length; i++)
    if (byDeadline(list[i - 1] as Hazard, list[i] as Hazard) > 0) return false;
  return true;
}

function byDeadline(a: Hazard, b: Hazard): number {
  return (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.id - b.id;
}

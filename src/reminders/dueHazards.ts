import type { Campaign } from '../config/campaign.js';
import { addDays } from '../domain/dates.js';
import { hazardIdOf, isOpenWithDeadline, openHazardsDueBy } from '../reports/deadlineIndex.js';
import { unitIndex } from '../reports/unitIndex.js';
import { changesSince } from '../store/Store.js';
import type { Hazard, State } from '../store/state.js';

/** The reminder key of one unit's hazard reminder on one day: one key per unit per day, not per hazard. */
export function hazardReminderKey(unit: string, date: string): string {
  return `hazards:${unit}:${date}`;
}

interface Pending {
  date: string;
  horizon: string;
  seq: number;
  /** units with hazards to remind of today and no reminder sent yet today, each with those hazards */
  units: Map<string, Hazard[]>;
}

const memo = new WeakMap<State, Pending>();

/**
 * Per unit, the open hazards due within `hazardDueDaysBefore` days of `date` (or past due), for the
 * units not yet reminded that day. The first call of a day walks the hazards due (through the
 * deadline index); later calls only look again at the units a change touched since, so the
 * minute-by-minute sweep costs the same however many hazards the store holds.
 */
export function hazardsDueByUnit(state: State, campaign: Campaign, date: string): Map<string, Hazard[]> {
  const horizon = addDays(date, campaign.reminders.hazardDueDaysBefore);
  let p = memo.get(state);
  const since = p && p.date === date && p.horizon === horizon ? changesSince(state, p.seq) : null;
  if (p && since) {
    const touched = new Set<string>();
    for (const e of since) {
      const id = hazardIdOf(e);
      const h = id === null ? undefined : state.hazards[id - 1];
      if (h) touched.add(h.unit);
    }
    for (const unit of touched) {
      const ids = unitIndex(state, campaign.units).get(unit)?.hazardIds ?? [];
      const due = ids
        .map((id) => state.hazards[id - 1])
        .filter(
          (h): h is Hazard => h !== undefined && isOpenWithDeadline(h) && (h.deadline as string) <= horizon,
        )
        .sort(byDeadline);
      if (due.length > 0) p.units.set(unit, due);
      else p.units.delete(unit);
    }
    p.seq = state.seq;
  } else {
    const units = new Map<string, Hazard[]>();
    for (const h of openHazardsDueBy(state, horizon)) {
      const list = units.get(h.unit);
      if (list) list.push(h);
      else units.set(h.unit, [h]);
    }
    p = { date, horizon, seq: state.seq, units };
    memo.set(state, p);
  }
  for (const unit of p.units.keys()) if (state.reminders[hazardReminderKey(unit, date)]) p.units.delete(unit);
  return p.units;
}

function byDeadline(a: Hazard, b: Hazard): number {
  return (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.id - b.id;
}

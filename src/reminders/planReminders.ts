import type { Campaign } from '../config/campaign.js';
import { FORMS, type Form } from '../domain/catalog.js';
import { addDays, dateOf, endOfDate, hourMinute, startOfDate } from '../domain/dates.js';
import type { Hazard, State } from '../store/state.js';
import { hazardReminderKey, hazardsDueByUnit } from './dueHazards.js';

/** Quiet hours: nothing is sent from 21:00 to 08:00 (Shanghai). */
export const QUIET_FROM = 21;
export const QUIET_UNTIL = 8;
/** Supervisors hear of late units the morning after a deadline, before the group does. */
export const LATE_NOTICE_TIME = '08:00';

/** One reminder the campaign calls for, with the window in which sending it is still useful. */
export type ReminderItem = { key: string; scheduledAt: number; expiresAt: number } & (
  | { kind: 'deadline'; form: Form; daysBefore: number }
  | { kind: 'lateSupervisors'; form: Form }
  | { kind: 'lateGroup'; form: Form }
  | { kind: 'phase'; phase: string; start: string; end: string }
  | { kind: 'hazards'; date: string; byUnit: Map<string, Hazard[]> }
);

export function isQuiet(ms: number): boolean {
  const { hour } = hourMinute(ms);
  return hour >= QUIET_FROM || hour < QUIET_UNTIL;
}

/** The fixed reminders of a campaign: deadline nags, late notices, phase starts. */
export function fixedReminders(campaign: Campaign): ReminderItem[] {
  const { time, daysBefore } = campaign.reminders;
  const items: ReminderItem[] = [];
  const lateExpiry = endOfDate(addDays(campaign.end, 7));
  for (const form of FORMS) {
    const deadline = campaign.deadlines[form];
    for (const d of [...new Set(daysBefore)]) {
      const day = addDays(deadline, -d);
      items.push({
        key: `deadline:${form}:${day}`,
        kind: 'deadline',
        form,
        daysBefore: d,
        scheduledAt: startOfDate(day, time),
        expiresAt: endOfDate(deadline),
      });
    }
    const next = addDays(deadline, 1);
    items.push({
      key: `late:${form}:supervisors`,
      kind: 'lateSupervisors',
      form,
      scheduledAt: startOfDate(next, LATE_NOTICE_TIME),
      expiresAt: lateExpiry,
    });
    items.push({
      key: `late:${form}:group`,
      kind: 'lateGroup',
      form,
      scheduledAt: startOfDate(next, time),
      expiresAt: lateExpiry,
    });
  }
  for (const p of campaign.phases)
    items.push({
      key: `phase:${p.name}:${p.start}`,
      kind: 'phase',
      phase: p.name,
      start: p.start,
      end: p.end,
      scheduledAt: startOfDate(p.start, time),
      expiresAt: endOfDate(p.start),
    });
  return items.sort((a, b) => a.scheduledAt - b.scheduledAt);
}

/** Hazards still open whose 完成时限 is within `hazardDueDaysBefore` days of `date`, or past, of units not yet reminded that day. */
export function hazardsDue(state: State, campaign: Campaign, date: string): Hazard[] {
  return [...hazardsDueByUnit(state, campaign, date).values()].flat();
}

/**
 * What is due at `now` and not yet sent. A reminder whose time passed while the bot was down is
 * still due while it is useful (before its deadline) and dropped after; of several due for one
 * form, only the latest is sent (the others are `superseded`). Nothing is due in quiet hours.
 */
export function planReminders(
  state: State,
  campaign: Campaign,
  now: number,
): { due: ReminderItem[]; superseded: ReminderItem[]; expired: ReminderItem[] } {
  const pending = fixedReminders(campaign).filter((r) => r.scheduledAt <= now && !state.reminders[r.key]);
  const expired = pending.filter((r) => now >= r.expiresAt);
  if (isQuiet(now)) return { due: [], superseded: [], expired };
  const live = pending.filter((r) => now < r.expiresAt);
  const latestDeadline = new Map<Form, ReminderItem>();
  for (const r of live) if (r.kind === 'deadline') latestDeadline.set(r.form, r);
  const superseded = live.filter((r) => r.kind === 'deadline' && latestDeadline.get(r.form) !== r);
  const due = live.filter((r) => !superseded.includes(r));
  const today = dateOf(now);
  const at = startOfDate(today, campaign.reminders.time);
  if (now >= at) {
    const byUnit = hazardsDueByUnit(state, campaign, today);
    if (byUnit.size > 0)
      due.push({
        key: `hazards:${today}`,
        kind: 'hazards',
        date: today,
        byUnit: new Map(byUnit),
        scheduledAt: at,
        expiresAt: endOfDate(today),
      });
  }
  return { due, superseded, expired };
}

/** The moments a sweep can find something new: each day's reminder time and the late-notice time, through the campaign and a week after. */
export function nextSweepAt(campaign: Campaign, after: number): number | null {
  const last = addDays(campaign.end, 7);
  const times = [...new Set([campaign.reminders.time, LATE_NOTICE_TIME])].sort();
  for (
    let day = dateOf(after) < campaign.start ? campaign.start : dateOf(after);
    day <= last;
    day = addDays(day, 1)
  )
    for (const t of times) {
      const at = startOfDate(day, t);
      if (at > after) return at;
    }
  return null;
}

/** The keys a sent hazard reminder stamps: one per unit per day, so a unit with overdue hazards hears of them once a day. */
export function reminderKeys(item: ReminderItem): string[] {
  return item.kind === 'hazards'
    ? [...item.byUnit.keys()].map((u) => hazardReminderKey(u, item.date))
    : [item.key];
}

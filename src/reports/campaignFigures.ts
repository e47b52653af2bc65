import type { Campaign } from '../config/campaign.js';
import { FORMS, type Form } from '../domain/catalog.js';
import { addDays, type DateStr, dateOf, startOfDate } from '../domain/dates.js';
import type { State } from '../store/state.js';
import { formProgress } from './progress.js';
import { isClosedOut } from './verification.js';

/** How the units of a scope stand with one form: on time, late (first 上报 after the deadline), not at all (named). */
export interface SubmissionCount {
  form: Form;
  onTime: number;
  late: number;
  /** the units that have not submitted it, in the campaign's order */
  missing: string[];
  lateUnits: string[];
}

/** The figures of #进度, per form, for `units` (default: all): the one computation charts and the summary read. */
export function submissionCounts(
  state: State,
  campaign: Campaign,
  units: readonly string[] = campaign.units,
): SubmissionCount[] {
  const scope = new Set(units);
  return FORMS.map((form) => {
    const mine = formProgress(state, campaign, form).units.filter((u) => scope.has(u.unit));
    const lateUnits = mine.filter((u) => u.last && u.late).map((u) => u.unit);
    return {
      form,
      onTime: mine.filter((u) => u.last && !u.late).length,
      late: lateUnits.length,
      missing: mine.filter((u) => !u.last).map((u) => u.unit),
      lateUnits,
    };
  });
}

/** Hazards (not withdrawn) of `units` per category code, most frequent first; codes with none left out. */
export function categoryCounts(state: State, units: readonly string[]): { code: string; count: number }[] {
  const scope = new Set(units);
  const counts = new Map<string, number>();
  for (const h of state.hazards)
    if (!h.withdrawn && scope.has(h.unit)) counts.set(h.category, (counts.get(h.category) ?? 0) + 1);
  return [...counts]
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/** One week of the campaign: hazards logged in it, and closures a supervisor verified (销账) in it. */
export interface WeekCount {
  /** its first day */
  week: DateStr;
  found: number;
  closed: number;
}

/** Weeks from the campaign's start up to `now` (at most 60; a hazard before the start counts in the first). */
export function weeklyCounts(
  state: State,
  campaign: Campaign,
  now: number,
  units: readonly string[],
): WeekCount[] {
  const weeks: WeekCount[] = [];
  for (let d = campaign.start; startOfDate(d) <= now && weeks.length < 60; d = addDays(d, 7))
    weeks.push({ week: d, found: 0, closed: 0 });
  if (weeks.length === 0) weeks.push({ week: dateOf(now), found: 0, closed: 0 });
  // each week's first instant, once: a time-zone parse per hazard would take seconds for a city
  const starts = weeks.map((w) => startOfDate(w.week));
  const weekOf = (iso: string): WeekCount => {
    const t = Date.parse(iso);
    let i = weeks.length - 1;
    while (i > 0 && (starts[i] as number) > t) i--;
    return weeks[i] as WeekCount;
  };
  const scope = new Set(units);
  for (const h of state.hazards) {
    if (h.withdrawn || !scope.has(h.unit)) continue;
    weekOf(h.createdAt).found++;
    if (isClosedOut(h) && h.verified) weekOf(h.verified.at).closed++;
  }
  return weeks;
}

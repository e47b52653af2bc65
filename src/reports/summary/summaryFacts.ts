import type { Campaign } from '../../config/campaign.js';
import {
  CATEGORY_BY_CODE,
  CATEGORY_GROUPS,
  CLOSED_STATUSES,
  KEY_TYPES,
  STATUSES,
  type Status,
} from '../../domain/catalog.js';
import { dateOf } from '../../domain/dates.js';
import type { Hazard, State } from '../../store/state.js';
import {
  categoryCounts,
  type SubmissionCount,
  submissionCounts,
  type WeekCount,
  weeklyCounts,
} from '../campaignFigures.js';
import { isOpenWithDeadline } from '../deadlineIndex.js';
import type { ReturnCounts } from '../returnCounts.js';
import { computeStatistics, type StatTable } from '../statistics.js';
import { statisticsCoverage } from '../statisticsSheet.js';
import { awaitsVerification, isClosedOut } from '../verification.js';
import { healthTypes } from './keyPersonTypes.js';

/** Hazards a list in the body shows one by one; the rest are counted. */
export const LISTED = 20;

/** A hazard as the summary lists it: its number, unit, category, status, and a free text already masked. */
export interface ListedHazard {
  id: number;
  unit: string;
  category: string;
  status: Status;
  /** 情况 (重大) or the 无法整改 reason, masked */
  text: string;
  /** times returned (退回) */
  returns: number;
  verified: boolean;
}

/** Everything #总结 says, computed once from the same functions as 附件1/附件3 and the charts. */
export interface SummaryFacts {
  /** the units covered: the district's, or one unit's */
  units: string[];
  /** one unit's report */
  unit: string | null;
  asOf: number;
  submissions: SubmissionCount[];
  /** 附件3 as that form shows it: the covered units' rows, and 合计 over those that submitted (or all, for one unit) */
  stat: StatTable;
  statCovered: string[];
  statMissing: string[];
  /** every unit's row (附件1 counts), for the charts and the per-unit appendix */
  unitRows: StatTable;
  hazardTotal: number;
  statuses: Record<Status, number>;
  bySection: number[];
  byCategory: { code: string; count: number; units: number }[];
  closedOut: number;
  awaiting: number;
  returned: ListedHazard[];
  overdue: number;
  /** the first `LISTED` 重大 hazards, and how many there are */
  major: ListedHazard[];
  majorCount: number;
  /** the first `LISTED` 无法整改 hazards with their reasons, and how many there are */
  cannot: ListedHazard[];
  cannotCount: number;
  /** categories found in at least `recurAt` units, most units first */
  recurring: { code: string; count: number; units: number }[];
  recurAt: number;
  /** 6+9 types (health types together, unnamed) */
  keyTypes: { type: string; count: number }[];
  healthTogether: number;
  spotChecks: {
    date: string;
    drawn: number;
    pool: number;
    closedOut: number;
    returned: number;
    waiting: number;
  }[];
  weekly: WeekCount[];
  /** units that have logged nothing at all (no hazard, key person, figure or 上报) */
  empty: string[];
}

/**
 * The summary's figures for `units` (one unit for a caseworker). Free text is masked by `mask`, which
 * the caller supplies (the sensitive-terms matcher lives above this floor): the summary names no key
 * person, crime or health term.
 */
export function summaryFacts(
  state: State,
  campaign: Campaign,
  opts: { now: number; units?: readonly string[]; returns: ReturnCounts; mask: (s: string) => string },
): SummaryFacts {
  const units = [...(opts.units ?? campaign.units)];
  const one = units.length === 1 && units.length < campaign.units.length ? (units[0] as string) : null;
  // 附件3 exactly as the form: one unit prints its own row whether submitted or not (as #导出 统计 does)
  const { covered, missing } = one
    ? { covered: units, missing: [] }
    : statisticsCoverage(state, campaign, units);
  const unitRows = computeStatistics(state, campaign, units);
  const stat = { rows: unitRows.rows, total: computeStatistics(state, campaign, covered).total };
  const scope = new Set(units);
  const hazards = state.hazards.filter((h) => !h.withdrawn && scope.has(h.unit));
  const today = dateOf(opts.now);
  const byCategoryUnits = new Map<string, Set<string>>();
  for (const h of hazards)
    byCategoryUnits.set(h.category, (byCategoryUnits.get(h.category) ?? new Set()).add(h.unit));
  const byCategory = categoryCounts(state, units).map((c) => ({
    ...c,
    units: byCategoryUnits.get(c.code)?.size ?? 0,
  }));
  const listed = (h: Hazard, text: string): ListedHazard => ({
    id: h.id,
    unit: h.unit,
    category: h.category,
    status: h.status,
    text: opts.mask(text),
    returns: opts.returns.get(h.id) ?? 0,
    verified: isClosedOut(h),
  });
  // only what is listed is masked: masking every reason of a city's thousands would take seconds
  const majors = hazards.filter((h) => h.major);
  const cannots = hazards.filter((h) => h.status === '无法整改');
  const recurAt = units.length >= 10 ? 3 : 2;
  const types = new Map(KEY_TYPES.map((t) => [t, 0]));
  const health = new Set(healthTypes());
  let healthTogether = 0;
  for (const p of state.keyPersons) {
    if (p.withdrawn || !scope.has(p.unit)) continue;
    for (const t of new Set(p.types)) if (types.has(t)) types.set(t, (types.get(t) ?? 0) + 1);
    if (p.types.some((t) => health.has(t))) healthTogether++;
  }
  const active = new Set<string>([
    ...hazards.map((h) => h.unit),
    ...state.keyPersons.filter((p) => !p.withdrawn).map((p) => p.unit),
    ...state.figures.filter((f) => f.undone === undefined).map((f) => f.unit),
    ...state.submissions.map((s) => s.unit),
  ]);
  return {
    units,
    unit: one,
    asOf: opts.now,
    submissions: submissionCounts(state, campaign, units),
    stat,
    statCovered: covered,
    statMissing: missing,
    unitRows,
    hazardTotal: unitRows.total.hazardTotal,
    statuses: unitRows.total.statuses,
    bySection: CATEGORY_GROUPS.map((_, g) =>
      byCategory
        .filter((c) => CATEGORY_BY_CODE.get(c.code)?.group === g + 1)
        .reduce((n, c) => n + c.count, 0),
    ),
    byCategory,
    closedOut: hazards.filter(isClosedOut).length,
    awaiting: hazards.filter(awaitsVerification).length,
    returned: hazards
      .filter((h) => (opts.returns.get(h.id) ?? 0) > 0)
      .map((h) => listed(h, ''))
      .sort((a, b) => b.returns - a.returns || a.id - b.id),
    overdue: hazards.filter((h) => isOpenWithDeadline(h) && (h.deadline as string) < today).length,
    major: majors.slice(0, LISTED).map((h) => listed(h, h.situation)),
    majorCount: majors.length,
    cannot: cannots.slice(0, LISTED).map((h) => listed(h, h.note ?? '')),
    cannotCount: cannots.length,
    recurring: byCategory
      .filter((c) => c.units >= recurAt)
      .sort((a, b) => b.units - a.units || b.count - a.count),
    recurAt,
    keyTypes: KEY_TYPES.filter((t) => !health.has(t)).map((t) => ({ type: t, count: types.get(t) ?? 0 })),
    healthTogether,
    spotChecks: (state.spotChecks ?? [])
      .map((c) => {
        const drawn = c.ids
          .map((id) => state.hazards[id - 1])
          .filter((h): h is Hazard => !!h && scope.has(h.unit));
        return {
          date: dateOf(Date.parse(c.at)),
          drawn: drawn.length,
          pool: c.pool,
          closedOut: drawn.filter(isClosedOut).length,
          returned: drawn.filter(
            (h) => !CLOSED_STATUSES.includes(h.status) && h.returned && h.returned.at >= c.at,
          ).length,
          waiting: drawn.filter(awaitsVerification).length,
        };
      })
      .filter((c) => c.drawn > 0),
    weekly: weeklyCounts(state, campaign, opts.now, units),
    empty: units.filter((u) => !active.has(u)),
  };
}

/** `STATUSES` in the form's order, for tables. */
export const STATUS_ORDER: readonly Status[] = STATUSES;

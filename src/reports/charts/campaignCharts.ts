import { STATUSES } from '../../domain/catalog.js';
import type { SubmissionCount, WeekCount } from '../campaignFigures.js';
import type { StatRow } from '../statistics.js';
import {
  type BarChart,
  categoryText,
  countText,
  fixed,
  topWithRest,
  unitText,
  weekText,
} from './BarChart.js';

const FORM_WORDING = {
  hazards: fixed('附件1 隐患台账'),
  keyPersons: fixed('附件2 重点人员'),
  statistics: fixed('附件3 统计表'),
};

/** Per form: how many units handed it in on time, late, not yet (the figures of #进度). */
export function submissionChart(counts: readonly SubmissionCount[]): BarChart {
  return {
    title: fixed('各表上报进度'),
    subtitle: countText(
      '共',
      (counts[0]?.onTime ?? 0) + (counts[0]?.late ?? 0) + (counts[0]?.missing.length ?? 0),
      '个单位',
    ),
    labels: counts.map((c) => FORM_WORDING[c.form]),
    series: [
      { name: fixed('按时上报'), counts: counts.map((c) => c.onTime) },
      { name: fixed('逾期上报'), counts: counts.map((c) => c.late) },
      { name: fixed('未上报'), counts: counts.map((c) => c.missing.length) },
    ],
  };
}

/** Hazards found by category, most frequent first (categories with none left out). */
export function categoryChart(counts: readonly { code: string; count: number }[]): BarChart {
  return {
    title: fixed('隐患类别分布'),
    subtitle: countText(
      '共',
      counts.reduce((n, c) => n + c.count, 0),
      '条',
    ),
    labels: counts.map((c) => categoryText(c.code)),
    series: [{ name: fixed('隐患数'), counts: counts.map((c) => c.count) }],
    horizontal: true,
  };
}

/** Rectification status per unit, stacked (附件3's columns): the 20 with most hazards, the rest summed. */
export function statusByUnitChart(rows: readonly StatRow[], units: readonly string[]): BarChart {
  const known = new Set(units);
  return topWithRest({
    title: fixed('各单位隐患整改情况'),
    subtitle: countText(
      '共',
      rows.reduce((n, r) => n + r.hazardTotal, 0),
      '条',
    ),
    labels: rows.map((r) => unitText(known, r.unit)),
    series: STATUSES.map((s) => ({ name: fixed(s), counts: rows.map((r) => r.statuses[s]) })),
  });
}

/** Hazards found and closed out (销账) per week. */
export function weeklyChart(weeks: readonly WeekCount[]): BarChart {
  return {
    title: fixed('每周发现与销账隐患'),
    labels: weeks.map((w) => weekText(w.week)),
    series: [
      { name: fixed('发现'), counts: weeks.map((w) => w.found) },
      { name: fixed('销账'), counts: weeks.map((w) => w.closed) },
    ],
    lines: true,
  };
}

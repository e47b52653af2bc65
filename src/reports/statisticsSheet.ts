import type { Campaign } from '../config/campaign.js';
import { campaignYear } from '../config/campaign.js';
import { FORM_INFO, STATUSES } from '../domain/catalog.js';
import { formatMonthDay } from '../domain/dates.js';
import type { State } from '../store/state.js';
import { chineseDate, type ExportContext, NOT_SUBMITTED } from './exportContext.js';
import type { FormCell, FormColumn, FormSheet } from './formSheet.js';
import { formProgress } from './progress.js';
import { computeStatistics, type StatRow } from './statistics.js';

export const STAT_COLUMNS: FormColumn[] = [
  { header: '地区', width: 16, align: 'center' },
  ...STATUSES.map((s) => ({
    header: s === '无法整改' ? '无法整改' : s,
    width: 9,
    group: '排查风险隐患总数',
  })),
  { header: '6+9类重点社区矫正对象数', width: 13 },
  { header: '应收未收数', width: 9 },
  { header: '脱管人数', width: 9 },
  { header: '定位监管率', width: 10, numFmt: '0.0%', align: 'center' },
  { header: '走访人次', width: 9 },
  { header: '惩处人次', width: 9 },
  { header: '教育人次', width: 9 },
  { header: '帮扶人次', width: 9 },
];

/** A 附件3 row as cells: 定位监管率 a percentage, "—" without 在册; figures never reported left blank. */
export function statCells(r: StatRow): FormCell[] {
  return [
    r.unit,
    ...STATUSES.map((s) => r.statuses[s]),
    r.keyPersons,
    r.uncollected,
    r.absconded,
    r.rate === null ? '—' : r.rate,
    r.visits,
    r.punishments,
    r.education,
    r.assistance,
  ];
}

/** The units whose 附件3 row counts: those that submitted it (or all, when asked). */
export function statisticsCoverage(
  state: State,
  campaign: Campaign,
  units: readonly string[] = campaign.units,
): { covered: string[]; missing: string[] } {
  const submitted = new Set(formProgress(state, campaign, 'statistics').submitted);
  return { covered: units.filter((u) => submitted.has(u)), missing: units.filter((u) => !submitted.has(u)) };
}

/**
 * 附件3: a row per unit plus 合计. A unit that has not submitted 附件3 reads 未上报 (not zeros a
 * supervisor would forward as figures), and the 合计 covers the submitted units and says how many.
 */
export function statisticsSheet(state: State, campaign: Campaign, ctx: ExportContext): FormSheet {
  const scope = ctx.units ?? campaign.units;
  const { covered, missing } = ctx.includeUnsubmitted
    ? { covered: [...scope], missing: [] as string[] }
    : statisticsCoverage(state, campaign, scope);
  const all = computeStatistics(state, campaign, [...scope]).rows;
  const total = computeStatistics(state, campaign, covered).total;
  const blank = STAT_COLUMNS.slice(1).map(() => NOT_SUBMITTED);
  const rows = [
    ...all.map((r) => (missing.includes(r.unit) ? [r.unit, ...blank] : statCells(r))),
    [`合计（${covered.length}个单位）`, ...statCells(total).slice(1)],
  ];
  const notes = [
    `注：此台账${formatMonthDay(campaign.deadlines.statistics, campaignYear(campaign))}前报${campaign.reportTo}。`,
  ];
  if (missing.length > 0)
    notes.push(`未上报统计表的单位（${missing.length} 个）标为“${NOT_SUBMITTED}”，不计入合计。`);
  return {
    attachment: FORM_INFO.statistics.attachment,
    title: FORM_INFO.statistics.title,
    unit: scope.length === 1 ? (scope[0] as string) : campaign.reportTo,
    reporter: ctx.reporter,
    reportedAt: chineseDate(ctx.now),
    columns: STAT_COLUMNS,
    rows,
    boldRows: new Set([rows.length - 1]),
    onePage: true,
    notes,
  };
}

import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import type { Campaign } from '../config/campaign.js';
import { campaignYear } from '../config/campaign.js';
import { CLOSED_STATUSES, categoryLabel, FORM_INFO, type Form, STATUSES } from '../domain/catalog.js';
import { fileStamp, formatMonthDay } from '../domain/dates.js';
import type { Hazard, KeyPerson, State } from '../store/state.js';
import { excelDate, type FormCell, type FormColumn, type FormSheet } from './formSheet.js';
import { formProgress } from './progress.js';
import { computeStatistics, type StatRow } from './statistics.js';
import { unitIndex } from './unitIndex.js';
import { formFilePath, writeWorkbook } from './writeWorkbook.js';

/** Who asked for the file, and when: the 填报人/填报时间 of an aggregated form. */
export interface ExportContext {
  reporter: string;
  now: number;
  /** only these units (default: every unit of the campaign) */
  units?: readonly string[];
  /**
   * 附件3 only: show the figures of units that have not submitted it yet (a unit printing its own
   * row before 上报). By default such a unit's row says 未上报 and the 合计 leaves it out.
   */
  includeUnsubmitted?: boolean;
}

export const NOT_SUBMITTED = '未上报';

function chineseDate(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

const DATE_FMT = 'yyyy"年"m"月"d"日"';

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
    notes: [
      ...notes,
      `注：此台账${formatMonthDay(campaign.deadlines.statistics, campaignYear(campaign))}前报${campaign.reportTo}。`,
    ],
  };
}

export const HAZARD_COLUMNS: FormColumn[] = [
  { header: '序号', width: 6 },
  { header: '风险隐患类别', width: 24 },
  { header: '风险隐患基本情况', width: 34 },
  { header: '整改措施', width: 30 },
  { header: '责任部门', width: 14 },
  { header: '责任人', width: 9 },
  { header: '完成时限', width: 15, numFmt: DATE_FMT },
  { header: '整改状态', width: 10, align: 'center' },
];

/** 重大 is marked in the 序号 cell: the official columns stay as they are. */
function hazardCells(h: Hazard, n: number): FormCell[] {
  return [
    h.major ? `${n}\n（重大）` : n,
    categoryLabel(h.category),
    h.situation,
    h.measure,
    h.department,
    h.owner,
    excelDate(h.deadline),
    h.status,
  ];
}

function hazardNotes(campaign: Campaign): string[] {
  const year = campaignYear(campaign);
  return [
    `说明：1.工作台账请于${formatMonthDay(campaign.deadlines.hazards, year)}前上报${campaign.reportTo}。`,
    '2.风险类别是指“排查整治重点”中的类别。',
    `3.整改状态为“${STATUSES.join('、')}”，根据适时状态填报。`,
  ];
}

/**
 * 附件2's columns, 138 wide in all: A4 landscape holds them at 100 % (5.25 points a width unit plus
 * 3.75 a column: 766 of the 770 points between the margins), so its 11-point text prints at 11 points,
 * as 附件1's does. 矫正期限 breaks after 至; 暂予监外执行 stays on one line.
 */
export const KEY_PERSON_COLUMNS: FormColumn[] = [
  { header: '序号', width: 5 },
  { header: '姓名', width: 9, align: 'center' },
  { header: '性别', width: 5, align: 'center' },
  { header: '矫正类型', width: 13, align: 'center' },
  { header: '重点人员类型', width: 16 },
  { header: '罪名', width: 14 },
  { header: '刑期', width: 14 },
  { header: '矫正期限', width: 14, align: 'center' },
  { header: '风险隐患', width: 20 },
  { header: '管控措施', width: 20 },
  { header: '责任人', width: 8, align: 'center' },
];

/** The summary sheet's 附件2 columns: 填报单位 and 编号 added, the text columns narrower (about 10.6 points printed). */
const KEY_PERSON_SUMMARY_WIDTHS: Record<string, number> = {
  重点人员类型: 14,
  罪名: 11,
  刑期: 12,
  风险隐患: 17,
  管控措施: 17,
};

function keyPersonCells(p: KeyPerson, n: number): FormCell[] {
  const term = p.termStart && p.termEnd ? `${p.termStart}至${p.termEnd}` : '';
  return [
    n,
    p.name,
    p.gender,
    p.correctionType,
    p.types.join('、'),
    p.crime,
    p.sentence,
    term,
    p.risk,
    p.measures,
    p.owner,
  ];
}

function keyPersonNotes(campaign: Campaign): string[] {
  return [
    '说明：1.重点人员类型是指6+9类中具体的类型，若有交叉可以都填。',
    `2.此台账${formatMonthDay(campaign.deadlines.keyPersons, campaignYear(campaign))}前报${campaign.reportTo}。`,
  ];
}

/** Who submitted a unit's form and when; before any 上报, the file says so. */
function reporterOf(
  state: State,
  campaign: Campaign,
  unit: string,
  form: Form,
): { reporter: string; at: string } {
  const s = unitIndex(state, campaign.units).get(unit)?.submissions[form];
  return s
    ? { reporter: s.by, at: chineseDate(Date.parse(s.at)) }
    : { reporter: '（未上报）', at: '（未上报）' };
}

/** 销账 beside the four official statuses: a note under the table, by 序号 (or by 编号 on the summary sheet). */
function verificationNote(list: readonly Hazard[], label: (h: Hazard, i: number) => string): string[] {
  const closed = list.map((h, i) => ({ h, i })).filter(({ h }) => CLOSED_STATUSES.includes(h.status));
  if (closed.length === 0) return [];
  const done = closed.filter(({ h }) => h.verified).map(({ h, i }) => label(h, i));
  const waiting = closed.filter(({ h }) => !h.verified).map(({ h, i }) => label(h, i));
  const parts = [];
  if (done.length) parts.push(`经区社区矫正管理局核验销账 ${done.length} 条（${done.join('、')}）`);
  if (waiting.length) parts.push(`待核验 ${waiting.length} 条（${waiting.join('、')}）`);
  return [`核验情况：${parts.join('；')}。`];
}

function* numbered<T>(items: Iterable<T>, cells: (x: T, n: number) => FormCell[]): Iterable<FormCell[]> {
  let n = 0;
  for (const x of items) yield cells(x, ++n);
}

/** 附件1 or 附件2: a first sheet with every unit together (with 填报单位 and 编号), then one official sheet per unit. */
function ledgerSheets<T extends { unit: string; id: number; withdrawn: unknown }>(
  records: readonly T[],
  form: 'hazards' | 'keyPersons',
  state: State,
  campaign: Campaign,
  ctx: ExportContext,
): { name: string; form: FormSheet }[] {
  const columns = form === 'hazards' ? HAZARD_COLUMNS : KEY_PERSON_COLUMNS;
  const cells = (form === 'hazards' ? hazardCells : keyPersonCells) as unknown as (
    x: T,
    n: number,
  ) => FormCell[];
  const notes = form === 'hazards' ? hazardNotes(campaign) : keyPersonNotes(campaign);
  const info = FORM_INFO[form];
  const scope = ctx.units ?? campaign.units;
  const byUnit = new Map<string, T[]>(scope.map((u) => [u, []]));
  for (const r of records) if (!r.withdrawn) byUnit.get(r.unit)?.push(r);
  const prefix = form === 'hazards' ? 'H' : 'P';
  const all: FormSheet = {
    attachment: info.attachment,
    title: `${info.title}（汇总）`,
    unit: campaign.reportTo,
    reporter: ctx.reporter,
    reportedAt: chineseDate(ctx.now),
    columns:
      form === 'hazards'
        ? [
            columns[0] as FormColumn,
            { header: '填报单位', width: 14 },
            { header: '编号', width: 7 },
            ...columns.slice(1),
          ]
        : [
            columns[0] as FormColumn,
            { header: '填报单位', width: 12 },
            { header: '编号', width: 6 },
            ...columns.slice(1).map((c) => ({ ...c, width: KEY_PERSON_SUMMARY_WIDTHS[c.header] ?? c.width })),
          ],
    ...(form === 'keyPersons' ? { rowHeights: 'even' as const } : {}),
    rows: (function* () {
      let n = 0;
      for (const [unit, list] of byUnit)
        for (const r of list) {
          const [seq, ...rest] = cells(r, ++n);
          yield [seq ?? n, unit, `${prefix}${r.id}`, ...rest];
        }
    })(),
    notes:
      form === 'hazards'
        ? [
            ...notes,
            ...verificationNote([...byUnit.values()].flat() as unknown as Hazard[], (h) => `H${h.id}`),
          ]
        : notes,
  };
  const perUnit = scope.map((unit) => {
    const who = reporterOf(state, campaign, unit, form);
    const list = byUnit.get(unit) ?? [];
    const submittedNone = unitIndex(state, campaign.units).get(unit)?.submissions[form]?.empty === true;
    // a unit that reported "无" prints a 无 row, not an empty table
    const none: FormCell[] = ['无', ...columns.slice(1).map(() => '')];
    // the printout's 序号 matched to the chat's H/P numbers, under the table (the official columns stay as they are)
    const key = list.length
      ? [`序号与群内编号对照：${list.map((r, i) => `${i + 1}=${prefix}${r.id}`).join('，')}`]
      : [];
    return {
      name: unit,
      form: {
        attachment: info.attachment,
        title: info.title,
        unit,
        reporter: who.reporter,
        reportedAt: who.at,
        columns,
        ...(form === 'keyPersons' ? { rowHeights: 'even' as const } : {}),
        rows: list.length === 0 && submittedNone ? [none] : numbered(list, cells),
        notes:
          form === 'hazards'
            ? [...notes, ...key, ...verificationNote(list as unknown as Hazard[], (_h, i) => `序号${i + 1}`)]
            : [...notes, ...key],
      },
    };
  });
  return scope.length === 1 ? perUnit : [{ name: '全部单位', form: all }, ...perUnit];
}

/** Makes `dir` (and any missing parents) owner-only, whatever the umask; returns it. */
export function privateFolder(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** Writes one form as an .xlsx under `dir` and returns its path (file name as in commands.md). */
export async function exportForm(
  form: Form,
  state: State,
  campaign: Campaign,
  dir: string,
  ctx: ExportContext,
): Promise<string> {
  const info = FORM_INFO[form];
  const path = formFilePath(privateFolder(dir), info.attachment, info.title, fileStamp(ctx.now));
  // Created empty and owner-only before a byte is written: the workbook never exists readable by others.
  closeSync(openSync(path, 'wx', 0o600));
  const sheets =
    form === 'statistics'
      ? [{ name: info.short, form: statisticsSheet(state, campaign, ctx) }]
      : form === 'hazards'
        ? ledgerSheets(state.hazards, form, state, campaign, ctx)
        : ledgerSheets(state.keyPersons, form, state, campaign, ctx);
  await writeWorkbook(path, sheets);
  return path;
}

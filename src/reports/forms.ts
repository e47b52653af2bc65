import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import type { Campaign } from '../config/campaign.js';
import { campaignYear } from '../config/campaign.js';
import { categoryLabel, FORM_INFO, type Form, STATUSES } from '../domain/catalog.js';
import { fileStamp, formatMonthDay } from '../domain/dates.js';
import type { Hazard, KeyPerson, State } from '../store/state.js';
import { excelDate, type FormCell, type FormColumn, type FormSheet } from './formSheet.js';
import { computeStatistics, type StatRow } from './statistics.js';
import { unitIndex } from './unitIndex.js';
import { formFilePath, writeWorkbook } from './writeWorkbook.js';

/** Who asked for the file, and when: the 填报人/填报时间 of an aggregated form. */
export interface ExportContext {
  reporter: string;
  now: number;
}

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

/** 附件3 for every unit plus 合计. */
export function statisticsSheet(state: State, campaign: Campaign, ctx: ExportContext): FormSheet {
  const table = computeStatistics(state, campaign);
  const rows = [...table.rows.map(statCells), statCells(table.total)];
  return {
    attachment: FORM_INFO.statistics.attachment,
    title: FORM_INFO.statistics.title,
    unit: campaign.reportTo,
    reporter: ctx.reporter,
    reportedAt: chineseDate(ctx.now),
    columns: STAT_COLUMNS,
    rows,
    boldRows: new Set([rows.length - 1]),
    onePage: true,
    notes: [
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

function hazardCells(h: Hazard, n: number): FormCell[] {
  return [
    n,
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

export const KEY_PERSON_COLUMNS: FormColumn[] = [
  { header: '序号', width: 6 },
  { header: '姓名', width: 9, align: 'center' },
  { header: '性别', width: 6, align: 'center' },
  { header: '矫正类型', width: 14, align: 'center' },
  { header: '重点人员类型', width: 18 },
  { header: '罪名', width: 16 },
  { header: '刑期', width: 16 },
  { header: '矫正期限', width: 22 },
  { header: '风险隐患', width: 24 },
  { header: '管控措施', width: 26 },
  { header: '责任人', width: 9, align: 'center' },
];

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
  const byUnit = new Map<string, T[]>(campaign.units.map((u) => [u, []]));
  for (const r of records) if (!r.withdrawn) byUnit.get(r.unit)?.push(r);
  const prefix = form === 'hazards' ? 'H' : 'P';
  const all: FormSheet = {
    attachment: info.attachment,
    title: `${info.title}（汇总）`,
    unit: campaign.reportTo,
    reporter: ctx.reporter,
    reportedAt: chineseDate(ctx.now),
    columns: [
      columns[0] as FormColumn,
      { header: '填报单位', width: 14 },
      { header: '编号', width: 7 },
      ...columns.slice(1),
    ],
    rows: (function* () {
      let n = 0;
      for (const [unit, list] of byUnit)
        for (const r of list) {
          const [seq, ...rest] = cells(r, ++n);
          yield [seq ?? n, unit, `${prefix}${r.id}`, ...rest];
        }
    })(),
    notes,
  };
  const perUnit = campaign.units.map((unit) => {
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
        rows: list.length === 0 && submittedNone ? [none] : numbered(list, cells),
        notes: [...notes, ...key],
      },
    };
  });
  return [{ name: '全部单位', form: all }, ...perUnit];
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

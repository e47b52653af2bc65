import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import type { Campaign } from '../config/campaign.js';
import { campaignYear } from '../config/campaign.js';
import { CLOSED_STATUSES, categoryLabel, FORM_INFO, type Form, STATUSES } from '../domain/catalog.js';
import { fileStamp, formatMonthDay } from '../domain/dates.js';
import type { Hazard, KeyPerson, State } from '../store/state.js';
import { chineseDate, DATE_FMT, type ExportContext } from './exportContext.js';
import { excelDate, type FormCell, type FormColumn, type FormSheet } from './formSheet.js';
import { statisticsSheet } from './statisticsSheet.js';
import { type UnitFacts, unitIndex } from './unitIndex.js';
import { formFilePath } from './writeWorkbook.js';
import { writeWorkbookInWorker } from './writeWorkbookInWorker.js';

export type { ExportContext };

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
function reporterOf(facts: UnitFacts | undefined, form: Form): { reporter: string; at: string } {
  const s = facts?.submissions[form];
  return s
    ? { reporter: s.by, at: chineseDate(Date.parse(s.at)) }
    : { reporter: '（未上报）', at: '（未上报）' };
}

/** The summary sheet names hazards one by one only up to this many characters; beyond, each unit's sheet does. */
const MAX_LISTED_CHARS = 2000;

/**
 * 销账 beside the four official statuses: a note under the table, by 序号 on a unit's sheet (runs
 * shortened: 序号3–7), by 编号 on the summary sheet, which for a city (25,000 closed hazards) gives
 * the counts and leaves the numbers to the units' sheets.
 */
function verificationNote(lists: Iterable<readonly Hazard[]>, sheet: 'unit' | 'all'): string[] {
  // one pass, no copies: the summary sheet's note reads every hazard (50k in a city)
  const done: number[] = [];
  const waiting: number[] = [];
  for (const list of lists)
    for (let i = 0; i < list.length; i++) {
      const h = list[i] as Hazard;
      if (!CLOSED_STATUSES.includes(h.status)) continue;
      (h.verified ? done : waiting).push(sheet === 'unit' ? i + 1 : h.id);
    }
  if (done.length + waiting.length === 0) return [];
  const named = (ns: number[]) =>
    sheet === 'unit' ? `序号${runs(ns).join('、')}` : ns.map((id) => `H${id}`).join('、');
  const [doneText, waitingText] = [named(done), named(waiting)];
  const listed = sheet === 'unit' || doneText.length + waitingText.length <= MAX_LISTED_CHARS;
  const which = (text: string) => (listed ? `（${text}）` : '');
  const parts = [];
  if (done.length) parts.push(`经区社区矫正管理局核验销账 ${done.length} 条${which(doneText)}`);
  if (waiting.length) parts.push(`待核验 ${waiting.length} 条${which(waitingText)}`);
  return [`核验情况：${parts.join('；')}${listed ? '' : '（逐条见各单位工作表）'}。`];
}

/** Ascending numbers as runs: 1、2、3、5 → 1–3、5. */
function runs(ns: readonly number[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && (ns[j + 1] as number) === (ns[j] as number) + 1) j++;
    out.push(j - i >= 2 ? `${ns[i]}–${ns[j]}` : j > i ? `${ns[i]}、${ns[j]}` : `${ns[i]}`);
    i = j + 1;
  }
  return out;
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
): Iterable<{ name: string; form: FormSheet }> {
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
    // read once the rows are written: a pass over every record, apart from the grouping above
    get notes() {
      return form === 'hazards'
        ? [...notes, ...verificationNote(byUnit.values() as unknown as Iterable<Hazard[]>, 'all')]
        : notes;
    },
  };
  // once for all units: on a copy taken for an export (stateAt) it is a full pass over the records
  const index = unitIndex(state, campaign.units);
  // each unit's sheet made when the writer reaches it: its notes are text over all its records
  const perUnit = (unit: string) => {
    const facts = index.get(unit);
    const who = reporterOf(facts, form);
    const list = byUnit.get(unit) ?? [];
    const submittedNone = facts?.submissions[form]?.empty === true;
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
            ? [...notes, ...key, ...verificationNote([list as unknown as Hazard[]], 'unit')]
            : [...notes, ...key],
      },
    };
  };
  return (function* () {
    if (scope.length !== 1) yield { name: '全部单位', form: all };
    for (const unit of scope) yield perUnit(unit);
  })();
}

/** Makes `dir` (and any missing parents) owner-only, whatever the umask; returns it. */
export function privateFolder(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  return dir;
}

/** The sheets of one form's workbook, each made when the writer reaches it. */
export function formSheets(
  form: Form,
  state: State,
  campaign: Campaign,
  ctx: ExportContext,
): Iterable<{ name: string; form: FormSheet }> {
  if (form === 'statistics')
    return [{ name: FORM_INFO[form].short, form: statisticsSheet(state, campaign, ctx) }];
  return form === 'hazards'
    ? ledgerSheets(state.hazards, form, state, campaign, ctx)
    : ledgerSheets(state.keyPersons, form, state, campaign, ctx);
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
  const sheets = formSheets(form, state, campaign, ctx);
  // made in a worker thread: the bot's thread only makes the rows, a slice at a time
  await writeWorkbookInWorker(path, sheets);
  return path;
}

import type { Campaign } from '../../config/campaign.js';
import { campaignYear } from '../../config/campaign.js';
import { matchUnit } from '../../core/matchUnit.js';
import { UserError } from '../../core/UserError.js';
import { categoryLabel } from '../../domain/catalog.js';
import { formatMonthDay } from '../../domain/dates.js';
import type { LedgerContent } from '../../reports/ledgerFile/LedgerTable.js';
import type { HazardFields, KeyPersonFields, State } from '../../store/state.js';
import { findLayout, type LedgerKind } from './ledgerColumns.js';
import { type LedgerRows, ledgerRows } from './ledgerRows.js';

/** An import read and checked, waiting for 确认导入: nothing of it is stored yet. */
export interface ImportPlan extends LedgerRows {
  /** the file's name as sent (shown in #历史) */
  file: string;
  unit: string;
  /** the table read, and the hidden sheets and other tables left out */
  table: string;
  hiddenSheets: string[];
  otherTables: string[];
}

export const FORM_NAME: Record<LedgerKind, string> = {
  hazards: '附件1 风险隐患台账',
  keyPersons: '附件2 重点人员台账',
};

/** Who imports, for whom: a caseworker only their unit; a supervisor names it (a `单位：` line) or the file does. */
export interface Importer {
  name: string;
  unit: string | null;
  isSupervisor: boolean;
  /** the `单位：` line of #导入, if any */
  unitLine?: string | undefined;
}

function unitFrom(text: string | null, campaign: Campaign): string | null {
  if (!text) return null;
  const m = matchUnit(text, campaign.units);
  return m.ok ? m.unit : null;
}

/** Picks the table to read (the one whose 填报单位 is the unit, else the first that is a ledger) and reads it. */
export async function planImport(
  content: LedgerContent,
  file: string,
  who: Importer,
  ctx: { campaign: Campaign; now: number; state: State },
): Promise<ImportPlan> {
  const found = content.tables
    .map((t) => ({ t, layout: findLayout(t) }))
    .filter((x): x is { t: typeof x.t; layout: NonNullable<typeof x.layout> } => x.layout !== null);
  if (found.length === 0)
    throw new UserError(
      '文件里没有找到台账表格：表头应有“风险隐患类别”“风险隐患基本情况”等列（附件1），或“姓名”“重点人员类型”等列（附件2）。',
    );
  const named = who.unitLine ? unitFrom(who.unitLine, ctx.campaign) : null;
  if (who.unitLine && !named)
    throw new UserError(`“单位”写的不是本活动的单位。可选：${ctx.campaign.units.slice(0, 30).join('、')}`);
  if (who.unitLine && who.unit && named !== who.unit)
    throw new UserError(`您只能导入本单位（${who.unit}）的台账，请去掉“单位”一行。`);
  let unit = who.unit ?? named;
  const byLine = found.find((x) => unit && unitFrom(x.layout.unitLine, ctx.campaign) === unit);
  const pick = byLine ?? found.find((x) => unitFrom(x.layout.unitLine, ctx.campaign) !== null) ?? found[0];
  if (!pick) throw new Error('no table');
  const fileUnit = unitFrom(pick.layout.unitLine, ctx.campaign);
  if (!unit) {
    if (!fileUnit)
      throw new UserError(
        '督导导入台账要写明单位：请发送 #导入 并加一行“单位：东城司法所”（或在表格上方写“填报单位：……”）。',
      );
    unit = fileUnit;
  }
  if (who.unit && fileUnit && fileUnit !== who.unit)
    throw new UserError(
      `文件的填报单位是${fileUnit}，您只能导入本单位（${who.unit}）的台账。请由${fileUnit}的同事或督导导入。`,
    );
  const rows = await ledgerRows(pick.t, pick.layout, { ...ctx, unit, owner: who.name });
  return {
    ...rows,
    file,
    unit,
    table: pick.t.name,
    hiddenSheets: content.hiddenSheets,
    otherTables: found.filter((x) => x !== pick).map((x) => x.t.name),
  };
}

/** One row as it would be stored, on one line. */
function rowLine(f: HazardFields | KeyPersonFields, kind: LedgerKind, year: number): string {
  if (kind === 'hazards') {
    const h = f as HazardFields;
    const parts = [
      `${h.major ? '【重大】' : ''}${categoryLabel(h.category).slice(0, 16)}`,
      h.situation.slice(0, 30),
      `措施：${h.measure.slice(0, 20)}`,
      `${h.department}/${h.owner}`,
      h.deadline ? `时限 ${formatMonthDay(h.deadline, year)}` : '无时限',
      h.status,
    ];
    return parts.join(' · ');
  }
  const p = f as KeyPersonFields;
  const term = p.termStart && p.termEnd ? `${p.termStart}至${p.termEnd}` : '期限未填';
  return `${p.name}（${p.gender}，${p.correctionType}）· ${p.types.join('、')} · ${term} · 责任人 ${p.owner}`;
}

const SHOWN_PROBLEMS = 8;
const SHOWN_ROWS = 3;

/** The preview: how many rows would be stored, which are refused and why, which are already stored, the first rows as stored. */
export function previewText(plan: ImportPlan, campaign: Campaign, confirmHint: string): string {
  const year = campaignYear(campaign);
  const n = plan.good.length;
  const problems = plan.problems
    .slice(0, SHOWN_PROBLEMS)
    .map((p) => `第 ${p.row} 行：${p.why}`)
    .join('；');
  const more =
    plan.problems.length > SHOWN_PROBLEMS ? `；另有 ${plan.problems.length - SHOWN_PROBLEMS} 行` : '';
  const lines = [
    `文件“${plan.file}”（${plan.table}）：${FORM_NAME[plan.kind]}，导入到 ${plan.unit}。`,
    `${n} 条可导入，${plan.problems.length} 条有问题${plan.problems.length ? `（${problems}${more}）` : ''}，${plan.duplicates.length} 条与已登记的相同（将跳过${plan.duplicates.length ? `：第 ${plan.duplicates.slice(0, 10).join('、')}${plan.duplicates.length > 10 ? ' 等' : ''} 行` : ''}）。`,
  ];
  if (plan.hiddenSheets.length)
    lines.push(`隐藏的工作表没有读取：${plan.hiddenSheets.map((s) => `“${s.slice(0, 20)}”`).join('、')}。`);
  if (plan.otherTables.length)
    lines.push(`只读取了“${plan.table}”，其余表格（${plan.otherTables.join('、')}）没有读取。`);
  if (n > 0) {
    lines.push(`前 ${Math.min(SHOWN_ROWS, n)} 条将这样登记：`);
    for (const [i, g] of plan.good.slice(0, SHOWN_ROWS).entries())
      lines.push(`${i + 1}. 第 ${g.row} 行：${rowLine(g.fields, plan.kind, year)}`);
    lines.push(confirmHint.replace('{n}', String(n)));
  } else lines.push('没有可导入的行，什么也没有登记。请按上面所说改好文件后再发送。');
  return lines.join('\n');
}

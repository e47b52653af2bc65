import type { Campaign } from '../../config/campaign.js';
import { campaignYear } from '../../config/campaign.js';
import { UserError } from '../../core/UserError.js';
import { DATE_FORMS, parseDate } from '../../domain/dates.js';
import { serialDate } from '../../reports/ledgerFile/cellText.js';
import type { LedgerTable } from '../../reports/ledgerFile/LedgerTable.js';
import type { HazardFields, KeyPersonFields, State } from '../../store/state.js';
import { parseHazardFields } from '../hazard/hazardFields.js';
import { checkHazardRules } from '../hazard/hazardRules.js';
import { findDuplicate } from '../keyPerson/findDuplicate.js';
import { parseKeyPersonFields } from '../keyPerson/keyPersonFields.js';
import { keyPersonOf } from '../keyPerson/keyPersonOf.js';
import { isFooter, type LedgerKind, type LedgerLayout } from './ledgerColumns.js';

/** What one table gives: the rows to store, the rows refused and why, and the rows already stored. */
export interface LedgerRows {
  kind: LedgerKind;
  /** fields ready to commit, and the file row each came from */
  good: { row: number; fields: HazardFields | KeyPersonFields }[];
  problems: { row: number; why: string }[];
  duplicates: number[];
}

/** Fields on one line in the chat: a newline inside a cell of these reads as a space. */
const ONE_LINE = new Set([
  '类别',
  '责任部门',
  '责任人',
  '时限',
  '状态',
  '姓名',
  '性别',
  '矫正类型',
  '矫正期限',
  '类型',
]);
const DATE_FIELDS = new Set(['时限']);

/** The `名称：值` lines a row stands for, as the chat command would receive them. */
function fieldsOf(cells: string[], layout: LedgerLayout): { fields: Map<string, string>; serial: string } {
  const fields = new Map<string, string>();
  let serial = '';
  for (const [col, field] of layout.columns) {
    let v = cells[col] ?? '';
    if (field === '序号') serial = v;
    if (field === '序号' || field === '填报单位' || v === '') continue;
    if (ONE_LINE.has(field)) v = v.replace(/\s*\n\s*/g, field === '类型' ? '、' : ' ');
    if (DATE_FIELDS.has(field)) v = serialDate(v) ?? v;
    // two columns for one field (重点人员类型 as 6类 and 9类): their values together
    const had = fields.get(field);
    fields.set(field, had ? `${had}、${v}` : v);
  }
  return { fields, serial };
}

function why(e: unknown): string {
  if (e instanceof UserError) return (e.echo ?? e.message).split('\n')[0] ?? e.message;
  throw e;
}

/**
 * Reads a table's rows with the chat's own field parsers (categories by number or words, dates
 * in every form the chat takes, statuses with their synonyms, the 6+9 types): a row the chat would
 * refuse is a problem with the chat's reason; blank rows and the 序号-only `无` row are passed over,
 * and the table ends at its 说明 footer. Deadlines in the past are taken as written (a ledger's history).
 */
export async function ledgerRows(
  table: LedgerTable,
  layout: LedgerLayout,
  ctx: { campaign: Campaign; now: number; unit: string; owner: string; state: State },
): Promise<LedgerRows> {
  const out: LedgerRows = { kind: layout.kind, good: [], problems: [], duplicates: [] };
  const seen = new Set<string>();
  const stored = new Set(
    ctx.state.hazards
      .filter((x) => !x.withdrawn && x.unit === ctx.unit)
      .map((x) => `${x.category}\u0000${x.situation}`),
  );
  const unitCol = [...layout.columns].find(([, f]) => f === '填报单位')?.[0];
  const year = campaignYear(ctx.campaign);
  let done = 0;
  for (const { n, cells } of table.rows.slice(layout.body)) {
    // bounded slices: other people's messages are answered between them
    if (++done % 200 === 0) await new Promise((r) => setImmediate(r));
    if (isFooter(cells)) break;
    // a summary sheet (every unit together): only this unit's rows
    if (unitCol !== undefined && cells[unitCol] && cells[unitCol] !== ctx.unit) continue;
    const { fields, serial } = fieldsOf(cells, layout);
    if (fields.size === 0) continue;
    try {
      if (layout.kind === 'hazards') {
        // the date is read by the chat's own date parser; the chat's range checks (not before today,
        // not after the campaign) do not apply to a ledger's past rows, and cost a time-zone lookup a row
        const written = fields.get('时限');
        fields.delete('时限');
        const deadline = written === undefined ? undefined : parseDate(written, year);
        if (written !== undefined && !deadline)
          throw new UserError(`时限“${written.slice(0, 20)}”不是有效日期。可写作：${DATE_FORMS}。`);
        const f = parseHazardFields(fields, ctx.campaign, ctx.now, '');
        if (deadline) f.deadline = deadline;
        const missing = (['category', 'situation', 'measure'] as const).filter((k) => f[k] === undefined);
        if (missing.length)
          throw new UserError(
            `缺少${missing.map((k) => ({ category: '类别', situation: '情况', measure: '措施' })[k]).join('、')}`,
          );
        const status = f.status ?? '未整改';
        const h: HazardFields = {
          category: f.category as string,
          situation: f.situation as string,
          measure: f.measure as string,
          department: f.department ?? ctx.unit,
          owner: f.owner ?? ctx.owner,
          deadline: f.deadline ?? null,
          status,
          // a ledger row already closed: its 措施 is what was done (as #隐患 takes it)
          note: f.note ?? (status === '已整改' || status === '无法整改' ? (f.measure as string) : null),
        };
        if (/重大/.test(serial)) h.major = true;
        checkHazardRules(h, '');
        const key = `${h.category}\u0000${h.situation}`;
        if (stored.has(key) || seen.has(key)) out.duplicates.push(n);
        else out.good.push({ row: n, fields: h });
        seen.add(key);
      } else {
        const { fields: f } = parseKeyPersonFields(fields, ctx.campaign, '');
        const missing = (
          [
            ['name', '姓名'],
            ['gender', '性别'],
            ['correctionType', '矫正类型'],
            ['types', '重点人员类型'],
            ['measures', '管控措施'],
          ] as const
        ).filter(([k]) => f[k] === undefined);
        if (missing.length) throw new UserError(`缺少${missing.map(([, l]) => l).join('、')}`);
        const p: KeyPersonFields = keyPersonOf(f, ctx.owner);
        const key = `${p.name}\u0000${p.gender}\u0000${p.termStart}\u0000${p.termEnd}`;
        if (findDuplicate(ctx.state.keyPersons, ctx.unit, p) || seen.has(key)) out.duplicates.push(n);
        else out.good.push({ row: n, fields: p });
        seen.add(key);
      }
    } catch (e) {
      out.problems.push({ row: n, why: why(e) });
    }
  }
  return out;
}

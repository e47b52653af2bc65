import { toHalfWidth } from '../../domain/text.js';
import type { LedgerTable } from '../../reports/ledgerFile/LedgerTable.js';
import { HAZARD_FIELD_NAMES } from '../hazard/hazardFields.js';
import { KEY_PERSON_FIELD_NAMES } from '../keyPerson/keyPersonFields.js';

export type LedgerKind = 'hazards' | 'keyPersons';

/** The chat's field names (`类别`) each header a form may carry stands for, per form; `序号` and `填报单位` kept apart. */
const HEADERS: Record<LedgerKind, Record<string, readonly string[]>> = {
  hazards: {
    类别: [...HAZARD_FIELD_NAMES.category],
    // 风险隐患情基本情况: the seed's own spelling of the column
    情况: [...HAZARD_FIELD_NAMES.situation, '风险隐患情基本情况', '隐患基本情况'],
    措施: HAZARD_FIELD_NAMES.measure,
    责任部门: HAZARD_FIELD_NAMES.department,
    责任人: HAZARD_FIELD_NAMES.owner,
    时限: [...HAZARD_FIELD_NAMES.deadline, '完成期限', '整改期限'],
    状态: HAZARD_FIELD_NAMES.status,
    说明: ['整改说明', '整改情况说明', '备注'],
  },
  keyPersons: {
    姓名: KEY_PERSON_FIELD_NAMES.name,
    性别: KEY_PERSON_FIELD_NAMES.gender,
    矫正类型: KEY_PERSON_FIELD_NAMES.correctionType,
    类型: [...KEY_PERSON_FIELD_NAMES.types, '6+9类型', '重点类型'],
    罪名: KEY_PERSON_FIELD_NAMES.crime,
    刑期: KEY_PERSON_FIELD_NAMES.sentence,
    矫正期限: KEY_PERSON_FIELD_NAMES.term,
    风险: KEY_PERSON_FIELD_NAMES.risk,
    管控措施: KEY_PERSON_FIELD_NAMES.measures,
    责任人: KEY_PERSON_FIELD_NAMES.owner,
  },
};
const SERIAL = ['序号', '编号序号'];
const UNIT_COLUMN = ['填报单位', '单位', '所属单位'];

function fold(s: string): string {
  return toHalfWidth(s).replace(/[\s\u3000:：*＊()（）]/g, '');
}

/** The field a header names for a form, or `序号`/`填报单位`, or null. */
function fieldOf(header: string, kind: LedgerKind, exact = false): string | null {
  const h = fold(header);
  if (h === '') return null;
  if (SERIAL.includes(h)) return '序号';
  if (UNIT_COLUMN.includes(h)) return '填报单位';
  for (const [field, names] of Object.entries(HEADERS[kind]))
    if (names.some((n) => fold(n) === h)) return field;
  if (exact) return null;
  // `完成时限（年月日）`, `6+9重点人员类型`: the longest name the header starts or ends with
  let best: [string, number] | null = null;
  for (const [field, names] of Object.entries(HEADERS[kind]))
    for (const n of names) {
      const f = fold(n);
      if (f.length >= 2 && (h.startsWith(f) || h.endsWith(f)) && (!best || f.length > best[1]))
        best = [field, f.length];
    }
  return best?.[0] ?? null;
}

/** Where a table's header is, what each column holds, and the 填报单位 line above it. */
export interface LedgerLayout {
  kind: LedgerKind;
  /** column index → field (`类别`, …, `序号`, `填报单位`) */
  columns: Map<number, string>;
  /** the index in `rows` of the first row after the header */
  body: number;
  /** the 填报单位 the line above the header names, if any */
  unitLine: string | null;
}

function mapRow(cells: string[], kind: LedgerKind, exact = false): Map<number, string> {
  const m = new Map<number, string>();
  cells.forEach((c, i) => {
    const f = fieldOf(c, kind, exact);
    if (f) m.set(i, f);
  });
  return m;
}

const REQUIRED: Record<LedgerKind, string[]> = {
  hazards: ['类别', '情况'],
  keyPersons: ['姓名', '类型'],
};

/**
 * Finds the header in the first rows: a row naming a form's key columns. A second header row
 * under it (a merged group above its columns) completes it column by column.
 */
export function findLayout(table: LedgerTable): LedgerLayout | null {
  const top = Math.min(table.rows.length, 12);
  for (let i = 0; i < top; i++) {
    const cells = table.rows[i]?.cells ?? [];
    for (const kind of ['hazards', 'keyPersons'] as const) {
      const columns = mapRow(cells, kind);
      const named = new Set(columns.values());
      if (!REQUIRED[kind].every((f) => named.has(f)) && named.size < 3) continue;
      let body = i + 1;
      const next = table.rows[i + 1]?.cells;
      // a second header row: mostly column names exactly (a merged group's columns, or merged
      // cells repeating the row above); a data row may hold a short value like 情况, not mostly
      const filled = new Set(next?.filter((c) => c !== '')).size;
      const named2 = new Set(next ? mapRow(next, kind, true).values() : []).size;
      if (next && named2 >= 2 && named2 * 2 >= filled) {
        for (const [c, f] of mapRow(next, kind)) columns.set(c, f);
        body = i + 2;
      }
      const all = new Set(columns.values());
      if (!REQUIRED[kind].every((f) => all.has(f))) continue;
      return { kind, columns, body, unitLine: unitAbove(table, i) };
    }
  }
  return null;
}

/** `填报单位：东城司法所  填报人：…` in the rows above the header. */
function unitAbove(table: LedgerTable, header: number): string | null {
  for (let i = 0; i < header; i++) {
    const line = [...new Set(table.rows[i]?.cells ?? [])].join(' ');
    const m = /填报单位\s*[:：]\s*([^\s:：]*)/.exec(line);
    if (m?.[1]) return m[1];
  }
  return null;
}

/** Whether a row below the table is the form's footer (说明, 核验情况, the 序号 key): the table ends there. */
export function isFooter(cells: string[]): boolean {
  const first = fold(cells.find((c) => c !== '') ?? '');
  return /^(说明|注[:：.、1１]|注$|核验情况|序号与群内编号对照|填报人|审核人|负责人)/.test(first);
}

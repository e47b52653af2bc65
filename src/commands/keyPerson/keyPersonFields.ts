import type { Campaign } from '../../config/campaign.js';
import { campaignYear } from '../../config/campaign.js';
import { UserError } from '../../core/UserError.js';
import {
  CORRECTION_TYPES,
  type CorrectionType,
  GENDERS,
  type Gender,
  KEY_TYPES,
} from '../../domain/catalog.js';
import { parseDateRange } from '../../domain/dates.js';
import { isConfirmed, splitList, toHalfWidth } from '../../domain/text.js';
import type { KeyPersonFields } from '../../store/state.js';
import { readFields } from '../shared/fieldNames.js';

export const KEY_PERSON_FIELD_NAMES = {
  name: ['姓名'],
  gender: ['性别'],
  correctionType: ['矫正类型'],
  types: ['类型', '重点人员类型', '人员类型'],
  crime: ['罪名'],
  sentence: ['刑期'],
  term: ['矫正期限', '期限'],
  risk: ['风险', '风险隐患'],
  measures: ['管控措施', '措施'],
  owner: ['责任人'],
  confirm: ['确认'],
} as const;

export const KEY_PERSON_FIELD_LABELS: Record<keyof KeyPersonFields, string> = {
  name: '姓名',
  gender: '性别',
  correctionType: '矫正类型',
  types: '类型',
  crime: '罪名',
  sentence: '刑期',
  termStart: '矫正期限起',
  termEnd: '矫正期限止',
  risk: '风险',
  measures: '管控措施',
  owner: '责任人',
};

const MAX_TEXT = 300;

const NAMES = KEY_PERSON_FIELD_NAMES;

function clean(
  value: string | undefined,
  label: string,
  template: string,
  names: readonly string[],
): string | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === '') throw new UserError(`“${label}”不能为空。`, template).at(names);
  if (v.length > MAX_TEXT)
    throw new UserError(`“${label}”太长，请控制在 ${MAX_TEXT} 字以内。`, template).at(names);
  return v;
}

/** Parses #重点人员 / #修改 Pn field lines; only the fields given are returned, plus whether 确认：是 was given. */
export function parseKeyPersonFields(
  fields: Map<string, string>,
  campaign: Campaign,
  template: string,
): { fields: Partial<KeyPersonFields>; confirmed: boolean } {
  const raw = readFields(fields, KEY_PERSON_FIELD_NAMES, template);
  const out: Partial<KeyPersonFields> = {};
  const name = clean(raw.name, '姓名', template, NAMES.name);
  if (name !== undefined) {
    if (name.length > 20 || /[\d#:：]/.test(name))
      throw new UserError('“姓名”应为人名（20 字以内）。', template).at(NAMES.name);
    out.name = name;
  }
  if (raw.gender !== undefined) {
    const g = toHalfWidth(raw.gender).trim().replace(/性$/, '');
    if (!GENDERS.includes(g as Gender))
      throw new UserError('“性别”只能是：男、女。', template).at(NAMES.gender);
    out.gender = g as Gender;
  }
  if (raw.correctionType !== undefined) {
    const t = toHalfWidth(raw.correctionType).replace(/\s+/g, '');
    const c =
      CORRECTION_TYPES.find((x) => x === t) ??
      (t === '监外执行' || t === '暂监外' ? '暂予监外执行' : undefined);
    if (!c)
      throw new UserError(`“矫正类型”只能是：${CORRECTION_TYPES.join('、')}。`, template).at(
        NAMES.correctionType,
      );
    out.correctionType = c as CorrectionType;
  }
  if (raw.types !== undefined) {
    const items = splitList(toHalfWidth(raw.types));
    const bad = items.filter((t) => !KEY_TYPES.includes(t));
    if (items.length === 0 || bad.length > 0) {
      const choices = `可选（可多选，用、分隔）：\n6类：${KEY_TYPES.slice(0, 6).join('、')}\n9类：${KEY_TYPES.slice(6).join('、')}`;
      throw new UserError(
        `${bad.length ? `有 ${bad.length} 个重点人员类型不认识。` : '请写上重点人员类型。'}${choices}`,
        template,
        `${bad.length ? `不认识的重点人员类型：${bad.map((b) => b.slice(0, 10)).join('、')}。` : '请写上重点人员类型。'}${choices}`,
      ).at(NAMES.types);
    }
    out.types = [...new Set(items)];
  }
  for (const [key, label] of [
    ['crime', '罪名'],
    ['sentence', '刑期'],
    ['risk', '风险'],
    ['measures', '管控措施'],
    ['owner', '责任人'],
  ] as const) {
    const v = clean(raw[key], label, template, NAMES[key]);
    if (v !== undefined) out[key] = v;
  }
  if (raw.term !== undefined) {
    const r = parseDateRange(raw.term, campaignYear(campaign));
    if (!r)
      throw new UserError(
        '“矫正期限”应为起止日期，例如 2022-03-01至2024-02-29 或 2022.3.1-2024.2.29（起不晚于止）。',
        template,
        `“矫正期限”应为起止日期，例如 2022-03-01至2024-02-29 或 2022.3.1-2024.2.29（起不晚于止），不是“${raw.term.slice(0, 30)}”。`,
      ).at(NAMES.term);
    out.termStart = r.start;
    out.termEnd = r.end;
  }
  const confirmed = isConfirmed(raw.confirm);
  return { fields: out, confirmed };
}

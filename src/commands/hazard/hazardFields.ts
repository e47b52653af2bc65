import type { Campaign } from '../../config/campaign.js';
import { campaignYear } from '../../config/campaign.js';
import { UserError } from '../../core/UserError.js';
import { DATE_FORMS, dateOf, formatMonthDay, parseDate } from '../../domain/dates.js';
import { matchCategory } from '../../domain/matchCategory.js';
import { isConfirmed, toHalfWidth } from '../../domain/text.js';
import type { HazardFields } from '../../store/state.js';
import { readFields } from '../shared/fieldNames.js';
import { parseStatus } from './hazardStatus.js';

/** Field names and aliases of 附件1 (commands.md). */
export const HAZARD_FIELD_NAMES = {
  category: ['类别', '风险隐患类别', '隐患类别'],
  situation: ['情况', '基本情况', '风险隐患基本情况', '隐患情况'],
  measure: ['措施', '整改措施'],
  department: ['责任部门', '部门'],
  owner: ['责任人'],
  deadline: ['时限', '完成时限', '整改时限'],
  status: ['状态', '整改状态'],
  note: ['说明', '整改说明', '整改情况', '备注'],
  major: ['重大', '重大隐患', '重大风险隐患', '是否重大'],
  confirm: ['确认'],
} as const;

const MAX_TEXT = 500;

function text(
  value: string | undefined,
  label: keyof typeof HAZARD_FIELD_NAMES,
  template: string,
): string | undefined {
  if (value === undefined) return undefined;
  const names = HAZARD_FIELD_NAMES[label];
  const v = value.trim();
  if (v === '') throw new UserError(`“${names[0]}”不能为空。`, template).at(names);
  if (v.length > MAX_TEXT)
    throw new UserError(`“${names[0]}”太长（${v.length} 字），请控制在 ${MAX_TEXT} 字以内。`, template).at(
      names,
    );
  return v;
}

/** Checks a deadline: a real date, not before the day it is set, not after the campaign (unless confirmed). */
function deadline(
  value: string,
  campaign: Campaign,
  now: number,
  confirmed: boolean,
  template: string,
): string {
  const d = parseDate(value, campaignYear(campaign));
  if (!d)
    throw new UserError(
      `时限不是有效日期。可写作：${DATE_FORMS}。`,
      template,
      `时限“${value.slice(0, 20)}”不是有效日期。可写作：${DATE_FORMS}。`,
    ).at(HAZARD_FIELD_NAMES.deadline);
  const today = dateOf(now);
  const year = campaignYear(campaign);
  if (!confirmed && d < today)
    throw new UserError(
      `时限 ${formatMonthDay(d, year)} 早于今天（${formatMonthDay(today, year)}），请核对。如确实如此，加一行“确认：是”再发送。`,
      template,
    ).at(HAZARD_FIELD_NAMES.deadline);
  if (!confirmed && d > campaign.end)
    throw new UserError(
      `时限 ${formatMonthDay(d, year)} 晚于专项活动结束日（${formatMonthDay(campaign.end, year)}），请核对。如确实如此，加一行“确认：是”再发送。`,
      template,
    ).at(HAZARD_FIELD_NAMES.deadline);
  return d;
}

function parseYesNo(value: string, label: string, template: string): boolean {
  const v = toHalfWidth(value).trim();
  if (/^(是|yes|y|重大|1)$/i.test(v)) return true;
  if (/^(否|不是|no|n|一般|0)$/i.test(v)) return false;
  throw new UserError(`“${label}”只能写“是”或“否”。`, template).at(HAZARD_FIELD_NAMES.major);
}

/** Parses the field lines of #隐患 or #修改 Hn into checked values; only the fields given are returned. */
export function parseHazardFields(
  fields: Map<string, string>,
  campaign: Campaign,
  now: number,
  template: string,
): Partial<HazardFields> {
  const raw = readFields(fields, HAZARD_FIELD_NAMES, template);
  const out: Partial<HazardFields> = {};
  if (raw.category !== undefined) {
    const m = matchCategory(raw.category);
    if (!m.ok) {
      const list = m.candidates.map((c) => `${c.code} ${c.name}`).join('\n');
      const [kind, why] =
        m.reason === 'ambiguous'
          ? ['所写类别对应多个类别', `“${raw.category.slice(0, 20)}”对应多个类别`]
          : ['没有找到所写的类别', `没有找到类别“${raw.category.slice(0, 20)}”`];
      throw new UserError(
        `${kind}，请写编号，可选：\n${list}`,
        template,
        `${why}，请写编号，可选：\n${list}`,
      ).at(HAZARD_FIELD_NAMES.category);
    }
    out.category = m.category.code;
  }
  const s = text(raw.situation, 'situation', template);
  if (s !== undefined) out.situation = s;
  const me = text(raw.measure, 'measure', template);
  if (me !== undefined) out.measure = me;
  const dep = text(raw.department, 'department', template);
  if (dep !== undefined) out.department = dep;
  const ow = text(raw.owner, 'owner', template);
  if (ow !== undefined) out.owner = ow;
  if (raw.status !== undefined) out.status = parseStatus(raw.status, template, HAZARD_FIELD_NAMES.status);
  const n = text(raw.note, 'note', template);
  if (n !== undefined) out.note = n;
  if (raw.major !== undefined) out.major = parseYesNo(raw.major, '重大', template);
  const confirmed = isConfirmed(raw.confirm);
  if (raw.deadline !== undefined) out.deadline = deadline(raw.deadline, campaign, now, confirmed, template);
  return out;
}

export const HAZARD_FIELD_LABELS: Record<keyof HazardFields, string> = {
  category: '类别',
  situation: '情况',
  measure: '措施',
  department: '责任部门',
  owner: '责任人',
  deadline: '时限',
  status: '状态',
  note: '说明',
  major: '重大',
};

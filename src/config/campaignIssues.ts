import type { z } from 'zod';

/** What each field of the campaign file is, in the words of the notice (README “配置一次活动”). */
const FIELDS: Record<string, string> = {
  name: '活动名称',
  issuer: '发文单位',
  document: '文号',
  reportTo: '报送单位',
  start: '活动开始日期',
  end: '活动结束日期',
  phases: '阶段',
  deadlines: '各表截止日期',
  reminders: '提醒设置',
  groups: '工作群',
  units: '填报单位',
  supervisors: '督导人员',
  admins: '管理员',
  exportRetentionHours: '导出文件保留小时数',
  people: '人员名单',
};
const PEOPLE_FIELDS: Record<string, string> = { key: '标识（userid）', name: '姓名', unit: '单位' };
const PHASE_FIELDS: Record<string, string> = { name: '名称', start: '开始日期', end: '结束日期' };
const DEADLINES: Record<string, string> = {
  hazards: '附件1（隐患台账）截止日期',
  keyPersons: '附件2（重点人员台账）截止日期',
  statistics: '附件3（统计表）截止日期',
};
const REMINDERS: Record<string, string> = {
  daysBefore: '截止前几天提醒',
  time: '每天提醒的时刻',
  hazardDueDaysBefore: '整改时限前几天提醒',
};
const GROUP_FIELDS: Record<string, string> = { name: '群名', chatid: '企业微信群号', units: '该群的单位' };
/** The lists of objects, each entry named `第N个<what>` and its fields as given. */
const LISTS: Record<string, [what: string, fields: Record<string, string>]> = {
  phases: ['阶段', PHASE_FIELDS],
  groups: ['工作群', GROUP_FIELDS],
  people: ['人员', PEOPLE_FIELDS],
};
const EXPECTED: Record<string, string> = {
  array: '应为列表（[ … ]）',
  object: '应为对象（{ … }）',
  string: '应为文字（加英文双引号）',
  number: '应为数字',
  int: '应为整数',
  boolean: '应为 true 或 false',
};

/** `phases[0].end`: the path as one would find it in the file. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`)).join('');
}

/** `第1个阶段的结束日期`: the path explained. */
function pathLabel(path: readonly PropertyKey[]): string {
  const [top, second, third] = path;
  const nth = (n: unknown, what: string) => `第${Number(n) + 1}个${what}`;
  const field = (names: Record<string, string>, k: unknown) => names[String(k)] ?? String(k);
  const list = Object.hasOwn(LISTS, String(top)) ? LISTS[String(top)] : undefined;
  if (list) {
    const [what, fields] = list;
    if (second === undefined) return FIELDS[String(top)] as string;
    return third === undefined ? nth(second, what) : `${nth(second, what)}的${field(fields, third)}`;
  }
  switch (top) {
    case 'deadlines':
      return second === undefined ? (FIELDS.deadlines as string) : field(DEADLINES, second);
    case 'reminders':
      if (second === undefined) return FIELDS.reminders as string;
      return `${field(REMINDERS, second)}${third === undefined ? '' : `的第${Number(third) + 1}项`}`;
    case 'units':
    case 'supervisors':
    case 'admins':
      return second === undefined ? (FIELDS[top] as string) : `${FIELDS[top]}的第${Number(second) + 1}个`;
    default:
      return top === undefined ? '整个文件' : (FIELDS[String(top)] ?? '不认识的字段');
  }
}

/** True when zod's own (English) words would be shown. */
function english(message: string): boolean {
  return !/[\u4e00-\u9fff]/.test(message);
}

/** The problem, in Chinese: ours when the schema gave one, otherwise from the kind of issue. */
function problem(issue: z.core.$ZodIssue): string {
  const own = english(issue.message) ? null : issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const want = own ?? EXPECTED[issue.expected] ?? `应为 ${issue.expected}`;
      return issue.input === undefined ? `缺失：${want}` : `类型不对：${want}`;
    }
    case 'too_small':
      if (own) return `：${own}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `：至少要有 ${issue.minimum} 项`;
      if (issue.origin === 'string') return '：不能为空';
      return `：不能小于 ${issue.minimum}`;
    case 'too_big':
      if (own) return `：${own}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `：最多 ${issue.maximum} 项`;
      if (issue.origin === 'string') return `：最长 ${issue.maximum} 个字`;
      return `：不能大于 ${issue.maximum}`;
    case 'unrecognized_keys':
      return `：有不认识的字段 ${issue.keys.map((k) => `“${k}”`).join('、')}（拼写有误？可用字段见 README“配置一次活动”）`;
    case 'invalid_union':
      return issue.path[0] === 'groups'
        ? '：应为群名（文字），或 { "name": 群名, "chatid": 企业微信群号, "units": [单位…] }'
        : '：写法不对';
    case 'invalid_value':
      return `：只能是 ${issue.values.map((v) => JSON.stringify(v)).join('、')}`;
    case 'invalid_format':
      return `：${own ?? '格式不对'}`;
    default:
      return `：${own ?? '写法不对'}`;
  }
}

/**
 * One problem of a campaign file, Chinese first: the path as written in the file, what it is, and
 * what is wrong — `phases（阶段）缺失：应为列表（[ … ]）`. zod's English message follows in brackets
 * only where no Chinese was found for it.
 */
export function campaignIssueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${pathText(issue.path)}（${pathLabel(issue.path)}）` : '整个文件';
  return `${where}${problem(issue)}`;
}

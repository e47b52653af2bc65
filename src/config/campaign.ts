import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { campaignIssueText } from './campaignIssues.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
function isRealDate(s: string): boolean {
  const t = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
}
const dateStr = z
  .string({ error: '应为日期字符串 YYYY-MM-DD' })
  .regex(DATE, { error: '日期格式应为 YYYY-MM-DD', abort: true })
  .refine(isRealDate, { error: '不是有效日期' });
const name = z.string({ error: '应为文字' }).trim().min(1, { error: '不能为空' });
const names = (what: string) =>
  z
    .array(name, { error: `应为${what}的列表` })
    .refine((xs) => new Set(xs).size === xs.length, { error: `${what}有重复` });

/** One person on the roster: bound to a unit by their key from the start, no approval needed. */
const rosterEntry = z.strictObject({ key: name, name, unit: name });

const phase = z.strictObject({ name, start: dateStr, end: dateStr });

/**
 * A work group: its name (Wechaty: the room topic), or `{name, chatid, units}`: 企业微信 knows a
 * group by its chatid; a campaign spread over several groups says which units each serves.
 */
const group = z.union([
  name,
  z.strictObject({
    name,
    chatid: name.optional(),
    units: z.array(name).min(1, { error: '至少一个单位' }).optional(),
  }),
]);

/** The campaign file of interfaces.md. A later campaign is a new file, never a code change. */
export const campaignSchema = z
  .strictObject({
    name,
    issuer: name,
    /** 文号, e.g. 达川司发〔2022〕38号 */
    document: name.optional(),
    /** who receives the forms */
    reportTo: name.default('区社区矫正管理局'),
    start: dateStr,
    end: dateStr,
    phases: z.array(phase).min(1, { error: '至少一个阶段' }),
    deadlines: z.strictObject({ hazards: dateStr, keyPersons: dateStr, statistics: dateStr }),
    reminders: z
      .strictObject({
        daysBefore: z
          .array(z.int().min(0, { error: '不能为负数' }).max(60))
          .min(1)
          .default([3, 1, 0]),
        time: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: '时间格式应为 HH:mm' })
          .default('09:00'),
        hazardDueDaysBefore: z.int().min(0).max(30).default(1),
      })
      .default({ daysBefore: [3, 1, 0], time: '09:00', hazardDueDaysBefore: 1 }),
    groups: z.array(group, { error: '应为工作群的列表' }).min(1, { error: '至少一个工作群' }),
    units: names('单位').min(1, { error: '至少一个填报单位' }),
    /** keys (企业微信 userid; simulate/console: `from`) */
    supervisors: names('督导人员'),
    /** keys, like supervisors */
    admins: names('管理员'),
    /**
     * Hours an exported .xlsx stays in the files folder after it was sent; 0 (the default): deleted
     * as soon as the transport has delivered it.
     */
    exportRetentionHours: z
      .number()
      .min(0, { error: '不能为负数' })
      .max(24 * 90)
      .default(0),
    /** the roster: people bound to a unit by key from the start */
    people: z.array(rosterEntry, { error: '应为人员名单（key、name、unit）的列表' }).default([]),
  })
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (c.start > c.end) issue(['end'], '结束日期早于开始日期');
    c.phases.forEach((p, i) => {
      if (p.start > p.end) issue(['phases', i, 'end'], '阶段结束日期早于开始日期');
      if (p.start < c.start || p.end > c.end) issue(['phases', i], '阶段超出活动起止日期');
    });
    for (const [form, d] of Object.entries(c.deadlines))
      if (d < c.start || d > c.end) issue(['deadlines', form], '截止日期超出活动起止日期');
    // a set: a province names 4,000 units, and each roster entry and group unit is checked against them
    const units = new Set(c.units);
    for (const s of c.supervisors) if (units.has(s)) issue(['supervisors'], `“${s}”同时是单位名`);
    const rostered = new Set<string>();
    c.people.forEach((p, i) => {
      if (rostered.has(p.key)) issue(['people', i, 'key'], `“${p.key}”在名单中重复`);
      rostered.add(p.key);
      if (!units.has(p.unit)) issue(['people', i, 'unit'], `“${p.unit}”不在 units 中`);
    });
    const keys = new Set<string>();
    c.groups.forEach((g, i) => {
      const key = typeof g === 'string' ? g : (g.chatid ?? g.name);
      if (keys.has(key)) issue(['groups', i], `工作群“${key}”重复`);
      keys.add(key);
      if (typeof g !== 'string')
        for (const u of g.units ?? [])
          if (!units.has(u)) issue(['groups', i, 'units'], `“${u}”不在 units 中`);
    });
  })
  .transform(({ groups, ...c }) => ({
    ...c,
    groups: groups.map(
      (g): Group =>
        typeof g === 'string'
          ? { key: g, name: g, units: c.units }
          : { key: g.chatid ?? g.name, name: g.name, units: g.units ?? c.units },
    ),
  }));

/** A work group the bot serves, as every module sees it. */
export interface Group {
  /** what the transport names the room by: the chatid on 企业微信, the topic on Wechaty and in simulate */
  key: string;
  /** for people to read */
  name: string;
  /** the units whose people work in this group (all units unless the campaign says otherwise) */
  units: string[];
}

/** The group a room key names, or undefined for a room the bot does not serve. */
export function groupOf(c: Campaign, roomKey: string): Group | undefined {
  return c.groups.find((g) => g.key === roomKey);
}

/** A validated campaign. */
export type Campaign = z.output<typeof campaignSchema>;

/** A campaign file that cannot be used; the message lists every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates campaign JSON, listing every problem with its field path. */
export function parseCampaign(raw: unknown, source = '活动配置'): Campaign {
  const r = campaignSchema.safeParse(raw, { reportInput: true });
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  - ${campaignIssueText(i)}`);
  throw new ConfigError(
    `${source}有 ${lines.length} 处问题，请逐条改正后再启动（各字段的写法见 README“配置一次活动”）：\n${lines.join('\n')}`,
  );
}

const HOW_TO_CREATE =
  '请用 --campaign 文件路径 指定，或复制本仓库的 data/campaign.json 改成本次活动（写法见 README“配置一次活动”）';

/** Why a file cannot be read, in words an operator can act on (the system's code in brackets). */
function unreadable(path: string, e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return `找不到活动配置文件 ${path}。${HOW_TO_CREATE}。`;
    case 'EISDIR':
      return `活动配置文件 ${path} 是一个文件夹，不是文件。${HOW_TO_CREATE}。`;
    case 'EACCES':
    case 'EPERM':
      return `没有权限读取活动配置文件 ${path}：请让运行机器人的用户可以读它（${e.code}）。`;
    default:
      return `读不到活动配置文件 ${path}（${e.code ?? e.message}）。${HOW_TO_CREATE}。`;
  }
}

/** The usual slips in a hand-edited JSON file, and what each is called. */
const SLIPS: readonly [RegExp, string][] = [
  [/,\s*[}\]]/, '最后一项后面多了逗号'],
  [/[“”‘’]/, '用了中文引号（应为英文双引号 "）'],
  [/[：]/, '用了中文冒号（应为英文冒号 :）'],
  [/[，]/, '用了中文逗号（应为英文逗号 ,）'],
];

/** Where a JSON syntax error is (第 L 行), from the parser's position or else the first usual slip. */
function jsonErrorAt(text: string, message: string): string {
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const m = /position (\d+)/.exec(message);
  if (m) return `第 ${lineOf(Number(m[1]))} 行附近有写法错误`;
  for (const [re, what] of SLIPS) {
    const found = re.exec(text);
    if (found) return `第 ${lineOf(found.index)} 行附近${what}`;
  }
  return '有写法错误（常见原因：多了或少了逗号、用了中文引号或中文冒号）';
}

/** Reads and validates the campaign file; a missing or bad file throws a ConfigError naming it. */
export function loadCampaign(path: string): Campaign {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(unreadable(path, e as NodeJS.ErrnoException));
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const message = (e as Error).message;
    throw new ConfigError(
      `活动配置文件 ${path} 不是有效的 JSON：${jsonErrorAt(text, message)}。（解析器原文：${message.replace(/\s+/g, ' ')}）`,
    );
  }
  return parseCampaign(raw, `活动配置文件 ${path} `);
}

/** The roster entry for a key, if the campaign lists one. */
export function rosterOf(c: Campaign, key: string): { key: string; name: string; unit: string } | undefined {
  return c.people.find((p) => p.key === key);
}

/** The campaign's own year: dates typed without a year take it. */
export function campaignYear(c: Campaign): number {
  return Number(c.start.slice(0, 4));
}

import type { Campaign } from '../config/campaign.js';
import { campaignYear } from '../config/campaign.js';
import type { Destination } from '../core/types.js';
import { keysWithRole } from '../core/whoIs.js';
import { FORM_INFO, type Form } from '../domain/catalog.js';
import { daysBetween, formatMonthDay } from '../domain/dates.js';
import { type FormProgress, formProgress, shortUnit } from '../reports/progress.js';
import { countAwaitingVerification } from '../reports/verification.js';
import type { Hazard, State } from '../store/state.js';
import { hazardLine } from '../views/hazardLine.js';
import { memberNames, membersByUnit } from '../views/members.js';
import { fitText, listWithin, MAX_MENTIONS, MOST_URGENT } from '../views/messageLimit.js';
import { maskFreeText } from '../views/sensitiveTerms.js';
import { hazardReminderKey } from './dueHazards.js';
import { type ReminderItem, reminderKeys } from './planReminders.js';

/** A reminder message ready to send, and the reminder keys to stamp once it is sent. */
export interface ReminderMessage {
  to: Destination;
  text: string;
  mentions: string[];
  keys: string[];
}

const SUBMIT_HINT = {
  hazards: '#上报 台账（没有隐患发 #上报 台账 无）',
  keyPersons: '#上报 重点人员（没有发 #上报 重点人员 无）',
  statistics: '#上报 统计',
};

/** The plan's last phase (总结提升; the seed also calls it 总结验收): its notice says the draft is ready. */
const SUMMARY_PHASE = /总结/;
const SUMMARY_READY =
  '督导人员可私聊机器人发送 #总结，获取全区总结报告草稿（Word，数字已按附件1、附件3填入）；司法所人员私聊发送 #总结 获取本单位的。';

/** Characters a list of units may take in one section; the rest are counted. */
const UNIT_LIST_BUDGET = 360;
/** Units whose due hazards are listed one by one; further units get one line each in a count. */
const DETAILED_UNITS = 3;

/** The people @-mentioned in one message, never more than MAX_MENTIONS. */
class Mentions {
  readonly names = new Set<string>();
  /** `@张敏 @李四` for those who still fit, or '' */
  add(people: readonly string[]): string {
    const fit = people.filter((p) => this.names.has(p) || this.names.size < MAX_MENTIONS);
    for (const p of fit) this.names.add(p);
    return fit.map((p) => `@${p}`).join(' ');
  }
}

/** `东城司法所 @张敏 @李四`: names readable in the text, since the web protocol cannot notify. */
function unitWithMentions(unit: string, members: Map<string, string[]>, mentions: Mentions): string {
  const people = members.get(unit) ?? [];
  if (people.length === 0) return `${unit}（无绑定人员）`;
  const at = mentions.add(people);
  return at ? `${unit} ${at}` : unit;
}

/** Units with people first (@-mentioned while the cap allows), then the ones nobody has bound to yet; within a character budget. */
function unitsWithMentions(units: string[], members: Map<string, string[]>, mentions: Mentions): string {
  const bound = units.filter((u) => (members.get(u) ?? []).length > 0);
  const unbound = units.filter((u) => (members.get(u) ?? []).length === 0);
  const parts: string[] = [];
  let used = 0;
  let i = 0;
  for (; i < bound.length && used < UNIT_LIST_BUDGET; i++) {
    const u = bound[i] as string;
    const part = mentions.names.size < MAX_MENTIONS ? unitWithMentions(u, members, mentions) : shortUnit(u);
    parts.push(part);
    used += part.length + 1;
  }
  if (i < bound.length) parts.push(`等另 ${bound.length - i} 个单位`);
  if (unbound.length > 0)
    parts.push(
      `尚无人绑定的 ${unbound.length} 个单位：${listWithin(unbound.map(shortUnit), UNIT_LIST_BUDGET / 2, (n) => `等 ${n} 个`)}`,
    );
  return parts.join('；');
}

function dueText(h: Hazard, today: string): string {
  const d = h.deadline ? daysBetween(today, h.deadline) : 0;
  return d > 1 ? `${d}天后到期` : d === 1 ? '明天到期' : '今天到期';
}

/** Free text as a group may read it: key persons' names and sensitive terms masked before any cutting. */
type Mask = (freeText: string) => string;

function dueLine(h: Hazard, today: string, year: number, mask: Mask): string {
  const line = hazardLine(h, today, year, mask);
  const late = h.deadline !== null && h.deadline < today;
  return late ? line : `${line}（${dueText(h, today)}）`;
}

/** The hazard section of one group: the few most urgent units in detail, the others counted. */
function hazardSections(
  byUnit: Map<string, Hazard[]>,
  members: Map<string, string[]>,
  mentions: Mentions,
  today: string,
  year: number,
  mask: Mask,
): string[] {
  // most urgent first: the earliest deadline (lists are sorted by deadline), then the most hazards
  const units = [...byUnit.entries()].sort(
    ([, a], [, b]) => (a[0]?.deadline ?? '').localeCompare(b[0]?.deadline ?? '') || b.length - a.length,
  );
  const sections = units.slice(0, DETAILED_UNITS).map(([unit, hs]) => {
    const lines = hs.slice(0, MOST_URGENT).map((h) => dueLine(h, today, year, mask));
    if (hs.length > MOST_URGENT) lines.push(`…另有 ${hs.length - MOST_URGENT} 条，发送 #逾期 查看`);
    return `【整改提醒】${unitWithMentions(unit, members, mentions)}，以下隐患到期或逾期未整改：\n${lines.join('\n')}\n整改完成后发送 #整改 H编号 已整改 说明。`;
  });
  const rest = units.slice(DETAILED_UNITS);
  if (rest.length > 0) {
    const total = rest.reduce((n, [, hs]) => n + hs.length, 0);
    const list = listWithin(
      rest.map(([u, hs]) => {
        const at = mentions.names.size < MAX_MENTIONS ? mentions.add(members.get(u) ?? []) : '';
        return `${shortUnit(u)} ${hs.length} 条${at ? ` ${at}` : ''}`;
      }),
      UNIT_LIST_BUDGET,
      (n) => ` 等 ${n} 个单位`,
    );
    sections.push(
      `【整改提醒】另有 ${rest.length} 个单位共 ${total} 条隐患到期或逾期未整改：${list}。各单位发送 #逾期 查看本单位明细。`,
    );
  }
  return sections;
}

/**
 * Turns the due reminders into messages: one combined message per group, naming only that group's
 * units (deadline nags, phase starts, hazards by unit, late units), and one per supervisor (late
 * notices). Units that submitted are never named. Every message stays within MAX_OUTGOING_CHARS and
 * MAX_MENTIONS: long lists are cut to the first few and a count. Items with nothing to say in any
 * group come back in `silent`, to be stamped unsent.
 */
export function composeReminders(
  items: ReminderItem[],
  state: State,
  campaign: Campaign,
  today: string,
): { messages: ReminderMessage[]; silent: string[] } {
  const year = campaignYear(campaign);
  const members = membersByUnit(state, campaign);
  const keep = memberNames(state, campaign);
  const mask: Mask = (s) => maskFreeText(s, state, keep);
  const pending = countAwaitingVerification(state);
  const messages: ReminderMessage[] = [];
  const said = new Set<string>();
  const progress = new Map<Form, FormProgress>();
  const progressOf = (form: Form): FormProgress => {
    let p = progress.get(form);
    if (!p) {
      p = formProgress(state, campaign, form);
      progress.set(form, p);
    }
    return p;
  };

  // each group's share of the due hazards, split in one pass (a province: 4,000 units, 10 groups)
  const shares = new Map<Map<string, Hazard[]>, Map<string, Map<string, Hazard[]>>>();
  const dueOfGroup = (byUnit: Map<string, Hazard[]>, group: string): Map<string, Hazard[]> => {
    let split = shares.get(byUnit);
    if (!split) {
      split = new Map(campaign.groups.map((g) => [g.key, new Map<string, Hazard[]>()]));
      const groupsOf = new Map<string, string[]>();
      for (const g of campaign.groups)
        for (const u of g.units) groupsOf.set(u, [...(groupsOf.get(u) ?? []), g.key]);
      for (const [unit, hs] of byUnit) for (const g of groupsOf.get(unit) ?? []) split.get(g)?.set(unit, hs);
      shares.set(byUnit, split);
    }
    return split.get(group) ?? new Map();
  };

  for (const group of campaign.groups) {
    const inGroup = new Set(group.units);
    const sections: string[] = [];
    const mentions = new Mentions();
    const keys: string[] = [];
    for (const item of items) {
      if (item.kind === 'phase') {
        sections.push(
          `【阶段】今天起进入“${item.phase}”阶段（${formatMonthDay(item.start, year)}—${formatMonthDay(item.end, year)}）。${SUMMARY_PHASE.test(item.phase) ? SUMMARY_READY : ''}`,
        );
        keys.push(item.key);
      } else if (item.kind === 'deadline' || item.kind === 'lateGroup') {
        const p = progressOf(item.form);
        const info = FORM_INFO[item.form];
        const late = p.notSubmitted.filter((u) => inGroup.has(u));
        if (late.length === 0) continue;
        const who = unitsWithMentions(late, members, mentions);
        const deadline = formatMonthDay(p.deadline, year);
        if (item.kind === 'deadline') {
          const left = item.daysBefore === 0 ? '今天截止' : `还有${daysBetween(today, p.deadline)}天`;
          sections.push(
            `【催报】${info.attachment} ${info.short} ${deadline}截止（${left}），尚未上报 ${late.length} 个单位：${who}。请发送 ${SUBMIT_HINT[item.form]}。`,
          );
        } else {
          sections.push(
            `【逾期未报】${info.attachment} ${info.short} 已于${deadline}截止，仍未上报：${who}。请尽快补报：${SUBMIT_HINT[item.form]}。`,
          );
        }
        keys.push(item.key);
      } else if (item.kind === 'hazards') {
        const mine = dueOfGroup(item.byUnit, group.key);
        if (mine.size === 0) continue;
        sections.push(...hazardSections(mine, members, mentions, today, year, mask));
        keys.push(...[...mine.keys()].map((u) => hazardReminderKey(u, item.date)));
      }
    }
    if (sections.length === 0) continue;
    if (pending > 0)
      sections.push(
        `【待核验】已整改/无法整改、等待督导核验销账的隐患 ${pending} 条（督导发送 #待核验 查看）。`,
      );
    for (const k of keys) said.add(k);
    messages.push({
      to: { room: group.key },
      text: fitText(sections.join('\n\n')),
      mentions: [...mentions.names],
      keys: [...new Set(keys)],
    });
  }

  const supervisorSections: string[] = [];
  const supervisorKeys: string[] = [];
  for (const item of items) {
    if (item.kind !== 'lateSupervisors') continue;
    const p = progressOf(item.form);
    const info = FORM_INFO[item.form];
    const deadline = formatMonthDay(p.deadline, year);
    supervisorSections.push(
      p.notSubmitted.length === 0
        ? `${info.attachment} ${info.short}（${deadline}截止）：全部 ${p.units.length} 个单位已按时上报。`
        : `${info.attachment} ${info.short}（${deadline}截止）：已上报 ${p.submitted.length}/${p.units.length}，逾期未报 ${p.notSubmitted.length} 个：${listWithin(p.notSubmitted, UNIT_LIST_BUDGET, (n) => ` 等 ${n} 个，发送 #进度 查看`)}。`,
    );
    supervisorKeys.push(item.key);
  }
  const supervisors = keysWithRole(campaign, state, 'supervisor');
  if (supervisorSections.length > 0 && supervisors.length > 0)
    for (const person of supervisors)
      messages.push({
        to: { person },
        text: fitText(`【逾期情况】\n${supervisorSections.join('\n')}`),
        mentions: [],
        keys: supervisorKeys,
      });
  // A 重大 hazard's deadline reaches the bureau too, privately (full text: supervisors see everything).
  // only the 重大 ones are gathered: at 09:00 a province has 100k hazards due
  const major: { h: Hazard; date: string }[] = [];
  for (const i of items)
    if (i.kind === 'hazards')
      for (const list of i.byUnit.values())
        for (const h of list) if (h.major) major.push({ h, date: i.date });
  if (major.length > 0)
    for (const person of campaign.supervisors)
      messages.push({
        to: { person },
        text: fitText(
          `【重大隐患整改提醒】以下重大风险隐患到期或逾期未整改：\n${major
            .slice(0, MOST_URGENT * DETAILED_UNITS)
            .map(({ h }) => `${h.unit} ${dueLine(h, today, year, (s) => s)} · ${h.status}`)
            .join(
              '\n',
            )}${major.length > MOST_URGENT * DETAILED_UNITS ? `\n…另有 ${major.length - MOST_URGENT * DETAILED_UNITS} 条，发送 #逾期 查看` : ''}`,
        ),
        mentions: [],
        keys: major.map(({ h, date }) => `major:H${h.id}:${date}`),
      });
  const silent = items
    .filter((i) => i.kind !== 'lateSupervisors')
    .flatMap(reminderKeys)
    .filter((k) => !said.has(k));
  if (!(supervisorSections.length > 0 && campaign.supervisors.length > 0)) silent.push(...supervisorKeys);
  return { messages, silent };
}

import type { Campaign } from '../config/campaign.js';
import { campaignYear } from '../config/campaign.js';
import type { Destination } from '../core/types.js';
import { keysWithRole } from '../core/whoIs.js';
import { FORM_INFO } from '../domain/catalog.js';
import { daysBetween, formatMonthDay } from '../domain/dates.js';
import { formProgress, shortUnit } from '../reports/progress.js';
import type { Hazard, State } from '../store/state.js';
import { hazardLine } from '../views/hazardLine.js';
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

/** Bound members of each unit, by the name they were bound under (a label; the key when none). */
function membersByUnit(state: State, campaign: Campaign): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const p of campaign.people)
    if (!Object.hasOwn(state.bindings, p.key)) m.set(p.unit, [...(m.get(p.unit) ?? []), p.name]);
  for (const [key, b] of Object.entries(state.bindings)) {
    const list = m.get(b.unit) ?? [];
    list.push(b.name ?? key);
    m.set(b.unit, list);
  }
  return m;
}

/** `东城司法所 @张敏 @李四`: names readable in the text, since the web protocol cannot notify. */
function unitWithMentions(unit: string, members: Map<string, string[]>, mentions: Set<string>): string {
  const people = members.get(unit) ?? [];
  for (const p of people) mentions.add(p);
  return people.length ? `${unit} ${people.map((p) => `@${p}`).join(' ')}` : `${unit}（无绑定人员）`;
}

/** Units with people first (@-mentioned), then the ones nobody has bound to yet, by short name. */
function unitsWithMentions(units: string[], members: Map<string, string[]>, mentions: Set<string>): string {
  const bound = units.filter((u) => (members.get(u) ?? []).length > 0);
  const unbound = units.filter((u) => !bound.includes(u));
  const parts = bound.map((u) => unitWithMentions(u, members, mentions));
  if (unbound.length > 0)
    parts.push(`尚无人绑定的 ${unbound.length} 个单位：${unbound.map(shortUnit).join('、')}`);
  return parts.join('；');
}

function dueText(h: Hazard, today: string): string {
  const d = h.deadline ? daysBetween(today, h.deadline) : 0;
  return d > 1 ? `${d}天后到期` : d === 1 ? '明天到期' : '今天到期';
}

/**
 * Turns the due reminders into messages: one combined message per group (deadline nags, phase
 * starts, hazards grouped by unit, late units) and one per supervisor (late notices). Units that
 * submitted are never named. Items with nothing to say come back in `silent`, to be stamped unsent.
 */
export function composeReminders(
  items: ReminderItem[],
  state: State,
  campaign: Campaign,
  today: string,
): { messages: ReminderMessage[]; silent: string[] } {
  const year = campaignYear(campaign);
  const members = membersByUnit(state, campaign);
  const sections: string[] = [];
  const mentions = new Set<string>();
  const groupKeys: string[] = [];
  const silent: string[] = [];
  const supervisorSections: string[] = [];
  const supervisorKeys: string[] = [];

  for (const item of items) {
    if (item.kind === 'phase') {
      sections.push(
        `【阶段】今天起进入“${item.phase}”阶段（${formatMonthDay(item.start, year)}—${formatMonthDay(item.end, year)}）。`,
      );
      groupKeys.push(item.key);
    } else if (item.kind === 'deadline' || item.kind === 'lateGroup') {
      const p = formProgress(state, campaign, item.form);
      const info = FORM_INFO[item.form];
      if (p.notSubmitted.length === 0) {
        silent.push(item.key);
        continue;
      }
      const who = unitsWithMentions(p.notSubmitted, members, mentions);
      const deadline = formatMonthDay(p.deadline, year);
      if (item.kind === 'deadline') {
        const left = item.daysBefore === 0 ? '今天截止' : `还有${daysBetween(today, p.deadline)}天`;
        sections.push(
          `【催报】${info.attachment} ${info.short} ${deadline}截止（${left}），尚未上报 ${p.notSubmitted.length} 个单位：${who}。请发送 ${SUBMIT_HINT[item.form]}。`,
        );
      } else {
        sections.push(
          `【逾期未报】${info.attachment} ${info.short} 已于${deadline}截止，仍未上报：${who}。请尽快补报：${SUBMIT_HINT[item.form]}。`,
        );
      }
      groupKeys.push(item.key);
    } else if (item.kind === 'lateSupervisors') {
      const p = formProgress(state, campaign, item.form);
      const info = FORM_INFO[item.form];
      const deadline = formatMonthDay(p.deadline, year);
      supervisorSections.push(
        p.notSubmitted.length === 0
          ? `${info.attachment} ${info.short}（${deadline}截止）：全部 ${p.units.length} 个单位已按时上报。`
          : `${info.attachment} ${info.short}（${deadline}截止）：已上报 ${p.submitted.length}/${p.units.length}，逾期未报 ${p.notSubmitted.length} 个：${p.notSubmitted.join('、')}。`,
      );
      supervisorKeys.push(item.key);
    } else {
      const byUnit = new Map<string, Hazard[]>();
      for (const h of item.hazards) byUnit.set(h.unit, [...(byUnit.get(h.unit) ?? []), h]);
      for (const [unit, hs] of byUnit) {
        const lines = hs.map((h) => {
          const late = h.deadline !== null && h.deadline < today;
          return late ? hazardLine(h, today, year) : `${hazardLine(h, today, year)}（${dueText(h, today)}）`;
        });
        sections.push(
          `【整改提醒】${unitWithMentions(unit, members, mentions)}，以下隐患到期或逾期未整改：\n${lines.join('\n')}\n整改完成后发送 #整改 H编号 已整改 说明。`,
        );
      }
      groupKeys.push(...reminderKeys(item));
    }
  }
  const messages: ReminderMessage[] = [];
  if (sections.length > 0)
    for (const room of campaign.groups)
      messages.push({
        to: { room: room.key },
        text: sections.join('\n\n'),
        mentions: [...mentions],
        keys: groupKeys,
      });
  else silent.push(...groupKeys);
  const supervisors = keysWithRole(campaign, state, 'supervisor');
  if (supervisorSections.length > 0 && supervisors.length > 0)
    for (const person of supervisors)
      messages.push({
        to: { person },
        text: `【逾期情况】\n${supervisorSections.join('\n')}`,
        mentions: [],
        keys: supervisorKeys,
      });
  else silent.push(...supervisorKeys);
  return { messages, silent };
}

import { campaignYear } from '../config/campaign.js';
import type { Command } from '../core/Command.js';
import { OPEN_STATUSES } from '../domain/catalog.js';
import { addDays, dateOf, formatMonthDay } from '../domain/dates.js';
import type { Hazard } from '../store/state.js';
import { hazardLine } from '../views/hazardLine.js';

const MAX_LINES = 40;

/** `#逾期`: open hazards of every unit past their deadline or within `hazardDueDaysBefore` of it, by unit. */
export const overdue: Command = {
  name: '逾期',
  aliases: ['到期', '逾期隐患'],
  access: 'supervisor',
  summary: '各单位已逾期或即将到期仍未整改的隐患（按单位）',
  usage: '#逾期',
  handle(ctx) {
    const { store, campaign, clock } = ctx.deps;
    const year = campaignYear(campaign);
    const today = dateOf(clock.now());
    const horizon = addDays(today, campaign.reminders.hazardDueDaysBefore);
    const due = store.state.hazards.filter(
      (h) => !h.withdrawn && OPEN_STATUSES.includes(h.status) && h.deadline !== null && h.deadline <= horizon,
    );
    const within = `${formatMonthDay(horizon, year)}前到期`;
    if (due.length === 0) return [{ text: `没有逾期或${within}的未整改隐患。` }];
    const byUnit = new Map<string, Hazard[]>();
    for (const h of due) byUnit.set(h.unit, [...(byUnit.get(h.unit) ?? []), h]);
    const lines: string[] = [];
    for (const unit of campaign.units) {
      const hs = byUnit.get(unit);
      if (!hs) continue;
      const late = hs.filter((h) => (h.deadline as string) < today).length;
      lines.push(`【${unit}】${hs.length} 条（已逾期 ${late}）`);
      for (const h of hs) lines.push(`${hazardLine(h, today, year)} · ${h.status}`);
    }
    const shown = lines.slice(0, MAX_LINES);
    if (lines.length > MAX_LINES) shown.push(`……另有 ${lines.length - MAX_LINES} 行未列出。`);
    const late = due.filter((h) => (h.deadline as string) < today).length;
    return [
      {
        text: `逾期或${within}的未整改隐患 ${due.length} 条（已逾期 ${late}），${byUnit.size} 个单位：\n${shown.join('\n')}`,
      },
    ];
  },
};

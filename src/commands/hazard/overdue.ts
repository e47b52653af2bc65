import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import { addDays, dateOf } from '../../domain/dates.js';
import { isOpenWithDeadline } from '../../reports/deadlineIndex.js';
import { shortUnit } from '../../reports/progress.js';
import { unitIndex } from '../../reports/unitIndex.js';
import type { Hazard } from '../../store/state.js';
import { hazardLine } from '../../views/hazardLine.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { groupUnits } from '../shared/groupUnits.js';

/** Hazards listed one by one; the rest are counted. */
const SHOWN = 20;

/** `#逾期`: the open hazards due soon or overdue, most urgent first: my unit's, or (督导) the group's units'. */
export const overdue: Command = {
  name: '逾期',
  aliases: ['到期'],
  access: 'staff',
  summary: '查看即将到期和已逾期的未整改隐患',
  usage: '#逾期',
  handle(ctx) {
    const { store, campaign, clock } = ctx.deps;
    const today = dateOf(clock.now());
    const year = campaignYear(campaign);
    const horizon = addDays(today, campaign.reminders.hazardDueDaysBefore);
    const mask = freeTextFor(ctx);
    const units = ctx.person.unit ? [ctx.person.unit] : groupUnits(ctx);
    const index = unitIndex(store.state, campaign.units);
    const due = units
      .flatMap((u) => index.get(u)?.hazardIds ?? [])
      .map((id) => store.state.hazards[id - 1])
      .filter(
        (h): h is Hazard => h !== undefined && isOpenWithDeadline(h) && (h.deadline as string) <= horizon,
      )
      .sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.id - b.id);
    const who = units.length === 1 ? (units[0] as string) : `${units.length} 个单位`;
    if (due.length === 0) return [{ text: `${who}没有即将到期或已逾期的未整改隐患。` }];
    const lines = due
      .slice(0, SHOWN)
      .map((h) => `${units.length > 1 ? `${shortUnit(h.unit)} ` : ''}${hazardLine(h, today, year, mask)}`);
    if (due.length > SHOWN)
      lines.push(`……另有 ${due.length - SHOWN} 条未列出。发送 #台账 未整改 查看，或 #导出 台账 取完整表格。`);
    return [
      {
        text: `${who}即将到期或已逾期的未整改隐患 ${due.length} 条（最紧急的在前）：\n${lines.join('\n')}\n整改完成后发送 #整改 H编号 已整改 说明。`,
      },
    ];
  },
};

import { campaignYear } from '../config/campaign.js';
import type { Command } from '../core/Command.js';
import { dateOf } from '../domain/dates.js';
import { awaitingVerification } from '../reports/verification.js';
import type { Hazard } from '../store/state.js';
import { hazardLine } from '../views/hazardLine.js';

const MAX_LINES = 40;

/** `#待核验`: hazards their units closed that await a supervisor's verification, by unit. */
export const pendingVerification: Command = {
  name: '待核验',
  aliases: ['核验清单', '待销账'],
  access: 'supervisor',
  summary: '已整改/无法整改、等待督导核验销账的隐患（按单位）',
  usage: '#待核验',
  handle(ctx) {
    const { store, campaign, clock } = ctx.deps;
    const year = campaignYear(campaign);
    const today = dateOf(clock.now());
    const all = awaitingVerification(store.state);
    if (all.length === 0) return [{ text: '没有待核验的隐患：单位标为已整改或无法整改的隐患都已核验。' }];
    const byUnit = new Map<string, Hazard[]>();
    for (const h of all) byUnit.set(h.unit, [...(byUnit.get(h.unit) ?? []), h]);
    const lines: string[] = [];
    for (const unit of campaign.units) {
      const hs = byUnit.get(unit);
      if (!hs) continue;
      lines.push(`【${unit}】${hs.length} 条`);
      for (const h of hs) lines.push(`${hazardLine(h, today, year)} · ${h.status}：${h.note ?? ''}`);
    }
    const shown = lines.slice(0, MAX_LINES);
    if (lines.length > MAX_LINES) shown.push(`……另有 ${lines.length - MAX_LINES} 行未列出。`);
    return [
      {
        text: `待核验 ${all.length} 条（${byUnit.size} 个单位）：\n${shown.join('\n')}\n核验：#核验 H编号 通过 · #核验 H编号 退回 原因`,
      },
    ];
  },
};

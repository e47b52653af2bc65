import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import type { ActionCard } from '../../core/types.js';
import { dateOf } from '../../domain/dates.js';
import { awaitingVerification } from '../../reports/verification.js';
import type { Hazard } from '../../store/state.js';
import { hazardLine } from '../../views/hazardLine.js';
import { shorten } from '../../views/sensitiveTerms.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { cardRevision } from './verify.js';

const MAX_LINES = 40;
/** characters of listed lines, so the reply stays within the message size limit */
const BUDGET = 1600;
/** buttons for the first hazards listed (one card each); the text says how to verify the rest */
const MAX_CARDS = 10;

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
    const mask = freeTextFor(ctx);
    // Lines are written (and masked) only while they fit: the rest are counted.
    const shown: string[] = [];
    let used = 0;
    let total = 0;
    let full = false;
    const cards: ActionCard[] = [];
    for (const unit of campaign.units) {
      const hs = byUnit.get(unit);
      if (!hs) continue;
      for (const line of [`【${unit}】${hs.length} 条`, ...hs.map((h) => h)]) {
        total++;
        if (full) continue;
        const l =
          typeof line === 'string'
            ? line
            : `${hazardLine(line, today, year, mask)} · ${line.status}：${shorten(mask(line.note ?? ''), 30)}`;
        if (shown.length >= MAX_LINES || used + l.length > BUDGET) {
          full = true;
          continue;
        }
        shown.push(l);
        used += l.length + 1;
        if (typeof line !== 'string' && cards.length < MAX_CARDS)
          cards.push({
            title: `H${line.id} ${unit} · ${line.status}`,
            lines: [l],
            // each names the revision the card shows: a click after the unit changed the hazard
            // verifies nothing (#核验 checks it), so what is verified is what was seen
            actions: [
              { label: '通过', command: `#核验 H${line.id} 通过 ${cardRevision(line.rev)}` },
              // 退回 needs a reason: the click runs it without one and #核验 answers with what to type
              { label: '退回', command: `#核验 H${line.id} 退回 ${cardRevision(line.rev)}` },
            ],
          });
      }
    }
    if (total > shown.length) shown.push(`……另有 ${total - shown.length} 行未列出。`);
    return [
      {
        text: `待核验 ${all.length} 条（${byUnit.size} 个单位）：\n${shown.join('\n')}\n核验：#核验 H编号 通过 · #核验 H编号 退回 原因`,
        cards,
      },
    ];
  },
};

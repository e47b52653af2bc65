import type { Command } from '../../core/Command.js';
import { returnCounts } from '../../reports/returnCounts.js';
import { summaryFacts } from '../../reports/summary/summaryFacts.js';
import { breathe, writeSummary } from '../../reports/summary/writeSummary.js';
import { stateAt } from '../../store/stateAt.js';
import { maskFreeText } from '../../views/sensitiveTerms.js';

/**
 * `#总结`: a draft of the campaign's summary report (总结提升) as a Word document, its figures taken
 * from the same computations as 附件1/附件3: the district's for a supervisor, the caseworker's own
 * unit's otherwise. Private only: it quotes hazard texts (masked: no key person is named in it).
 */
export const summary: Command = {
  name: '总结',
  aliases: ['总结报告'],
  access: 'staff',
  where: 'private',
  summary: '总结报告草稿（Word 文档，数据自动填入，文字请补充）：督导为全区，司法所为本单位；仅私聊',
  usage: '#总结（私聊发送）',
  handle(ctx) {
    const { store, campaign, clock, filesDir } = ctx.deps;
    const p = ctx.person;
    const units = p.isSupervisor ? campaign.units : [p.unit as string];
    // taken now, on the message path: the document shows the moment it was asked for
    const view = stateAt(store.state);
    const returns = returnCounts(store.state);
    const now = clock.now();
    const unit = p.isSupervisor ? undefined : (p.unit as string);
    ctx.later('总结报告', async () => {
      // the live matcher, which knows former names too (from the history) and only ever grows
      const mask = (s: string) => maskFreeText(s, store.state);
      await breathe();
      const facts = summaryFacts(view, campaign, { now, units, returns, mask });
      const file = await writeSummary(facts, campaign, filesDir);
      return [{ file, form: 'summary', ...(unit ? { unit } : {}) }];
    });
    const scope = unit ?? `全部 ${campaign.units.length} 个单位`;
    return [
      { text: `${campaign.name}总结报告草稿（${scope}，Word 文档，数字已填入，【请补充】处请完善）：` },
    ];
  },
};

import { campaignYear } from '../config/campaign.js';
import type { Command } from '../core/Command.js';
import { dateOf, daysBetween, formatMonthDay } from '../domain/dates.js';
import { allProgress, shortUnit } from '../reports/progress.js';
import { awaitingVerification } from '../reports/verification.js';
import { formName } from './formArg.js';

/** `#进度`: per form, deadline, days left, submitted x/y, who has not submitted, who updated since. */
export const progress: Command = {
  name: '进度',
  aliases: ['上报进度', '谁没交', '催报'],
  access: 'everyone',
  summary: '各表截止时间、已上报单位数、未上报单位',
  usage: '#进度',
  handle(ctx) {
    const { store, campaign, clock } = ctx.deps;
    const today = dateOf(clock.now());
    const year = campaignYear(campaign);
    const blocks = allProgress(store.state, campaign)
      .sort((a, b) => a.deadline.localeCompare(b.deadline))
      .map((p) => {
        const left = daysBetween(today, p.deadline);
        const when = left > 0 ? `还有 ${left} 天` : left === 0 ? '今天截止' : `已逾期 ${-left} 天`;
        const lines = [
          `${formName(p.form)}：截止 ${formatMonthDay(p.deadline, year)}（${when}），已上报 ${p.submitted.length}/${p.units.length}`,
        ];
        if (p.notSubmitted.length > 0) lines.push(`  未上报：${p.notSubmitted.map(shortUnit).join('、')}`);
        else lines.push('  全部已上报');
        if (p.updated.length > 0) lines.push(`  已上报（有更新）：${p.updated.map(shortUnit).join('、')}`);
        const late = p.units.filter((u) => u.late).map((u) => shortUnit(u.unit));
        if (late.length > 0) lines.push(`  逾期上报：${late.join('、')}`);
        return lines.join('\n');
      });
    const pending = awaitingVerification(store.state).length;
    const verify = pending > 0 ? `\n已整改/无法整改待督导核验（销账）：${pending} 条` : '';
    return [
      { text: `${campaign.name}上报进度（${formatMonthDay(today, year)}）：\n${blocks.join('\n')}${verify}` },
    ];
  },
};

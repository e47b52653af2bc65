import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import { dateOf, daysBetween, formatMonthDay } from '../../domain/dates.js';
import { allProgress, shortUnit } from '../../reports/progress.js';
import { awaitingVerification } from '../../reports/verification.js';
import { listWithin } from '../../views/messageLimit.js';
import { groupUnits } from '../shared/groupUnits.js';
import { asksForChart, progressChartReply } from './chartReplies.js';
import { formName } from './formArg.js';

/** Characters the list of units not yet submitted may take per form; the rest are counted. */
const LIST_BUDGET = 300;

/** `#进度`: per form, deadline, days left, submitted x/y, who has not submitted, who updated since. */
export const progress: Command = {
  name: '进度',
  aliases: ['上报进度', '谁没交', '催报'],
  access: 'everyone',
  summary: '各表截止时间、已上报单位数、未上报单位',
  usage: '#进度\n#进度 图（各表上报情况的图片）',
  handle(ctx) {
    if (asksForChart(ctx)) return progressChartReply(ctx);
    const { store, campaign, clock } = ctx.deps;
    const today = dateOf(clock.now());
    const year = campaignYear(campaign);
    const mine = new Set(groupUnits(ctx));
    const only = (units: string[]) => units.filter((u) => mine.has(u)).map(shortUnit);
    let cut = false;
    const list = (units: string[], budget: number) =>
      listWithin(units, budget, (n) => {
        cut = true;
        return ` 等 ${n} 个`;
      });
    const blocks = allProgress(store.state, campaign)
      .sort((a, b) => a.deadline.localeCompare(b.deadline))
      .map((p) => {
        const left = daysBetween(today, p.deadline);
        const when = left > 0 ? `还有 ${left} 天` : left === 0 ? '今天截止' : `已逾期 ${-left} 天`;
        const notSubmitted = only(p.notSubmitted);
        const lines = [
          `${formName(p.form)}：截止 ${formatMonthDay(p.deadline, year)}（${when}），已上报 ${mine.size - notSubmitted.length}/${mine.size}`,
        ];
        if (notSubmitted.length > 0) lines.push(`  未上报：${list(notSubmitted, LIST_BUDGET)}`);
        else lines.push('  全部已上报');
        const updated = only(p.updated);
        if (updated.length > 0) lines.push(`  已上报（有更新）：${list(updated, LIST_BUDGET / 2)}`);
        const late = only(p.units.filter((u) => u.late).map((u) => u.unit));
        if (late.length > 0) lines.push(`  逾期上报：${list(late, LIST_BUDGET / 2)}`);
        return lines.join('\n');
      });
    const pending = awaitingVerification(store.state).length;
    const verify = pending > 0 ? `\n已整改/无法整改待督导核验（销账）：${pending} 条` : '';
    const scope = mine.size < campaign.units.length ? `本群 ${mine.size} 个单位` : campaign.name;
    const more = cut ? '\n名单只列前若干个；各单位明细请督导发送 #导出 统计 / #导出 台账 取表格。' : '';
    return [
      { text: `${scope}上报进度（${formatMonthDay(today, year)}）：\n${blocks.join('\n')}${verify}${more}` },
    ];
  },
};

import type { Command } from '../../core/Command.js';
import { STATUSES } from '../../domain/catalog.js';
import { exportForm } from '../../reports/forms.js';
import { allProgress, shortUnit } from '../../reports/progress.js';
import { computeStatistics, formatRate, statRowText } from '../../reports/statistics.js';
import { statisticsCoverage } from '../../reports/statisticsSheet.js';
import { awaitingVerification } from '../../reports/verification.js';
import { listWithin } from '../../views/messageLimit.js';
import { asksForChart, statisticsChartReply } from './chartReplies.js';
import { formName } from './formArg.js';

/** `#统计`: supervisors get the summary and the 附件3 .xlsx; a caseworker gets their unit's row as text. */
export const statistics: Command = {
  name: '统计',
  aliases: ['统计表', '汇总'],
  access: 'staff',
  summary: '统计表（附件3）：督导收到汇总和表格文件，司法所收到本单位数据',
  usage: '#统计\n#统计 图（各单位整改情况和隐患类别的图片）',
  async handle(ctx) {
    if (asksForChart(ctx)) return statisticsChartReply(ctx);
    const { store, campaign, clock, filesDir } = ctx.deps;
    const p = ctx.person;
    if (!p.isSupervisor && p.unit) {
      const row = computeStatistics(store.state, campaign, [p.unit]).rows[0];
      const pending = awaitingVerification(store.state, [p.unit]).length;
      const extra = pending > 0 ? `\n已整改/无法整改待督导核验：${pending} 条` : '';
      return row ? [{ text: `${statRowText(row)}${extra}` }] : [];
    }
    const { covered, missing } = statisticsCoverage(store.state, campaign);
    const t = computeStatistics(store.state, campaign, covered).total;
    const pending = awaitingVerification(store.state).length;
    const progress = allProgress(store.state, campaign)
      .map((f) => `${formName(f.form)} ${f.submitted.length}/${f.units.length}`)
      .join('；');
    const text = [
      `${campaign.name}统计：合计 ${covered.length} 个已上报单位（共 ${campaign.units.length} 个）${
        missing.length > 0
          ? `；未上报 ${missing.length} 个，不计入合计：${listWithin(missing.map(shortUnit), 300, (n) => ` 等 ${n} 个，发送 #进度 查看`)}`
          : ''
      }`,
      `隐患 ${t.hazardTotal} 条：${STATUSES.map((s) => `${s} ${t.statuses[s]}`).join('，')}`,
      `6+9类重点对象 ${t.keyPersons} 人；应收未收 ${t.uncollected}；脱管 ${t.absconded}；定位监管率 ${formatRate(t.rate)}（${t.located}/${t.registered}）`,
      `走访 ${t.visits}、惩处 ${t.punishments}、教育 ${t.education}、帮扶 ${t.assistance} 人次`,
      `已上报：${progress}`,
      ...(pending > 0 ? [`已整改/无法整改待督导核验：${pending} 条（#待核验）`] : []),
    ].join('\n');
    const file = await exportForm('statistics', store.state, campaign, filesDir, {
      reporter: p.name,
      now: clock.now(),
    });
    return [{ text }, { file, form: 'statistics' }];
  },
};

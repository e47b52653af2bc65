import type { CommandContext } from '../../core/Command.js';
import type { Reply } from '../../core/types.js';
import { categoryCounts, submissionCounts } from '../../reports/campaignFigures.js';
import type { BarChart } from '../../reports/charts/BarChart.js';
import { categoryChart, statusByUnitChart, submissionChart } from '../../reports/charts/campaignCharts.js';
import { writeChartFile } from '../../reports/charts/chartFile.js';
import { computeStatistics } from '../../reports/statistics.js';
import { stateAt } from '../../store/stateAt.js';
import { groupUnits } from '../shared/groupUnits.js';

/** `#进度 图` / `#统计 图`: the word that asks for the picture instead of the text. */
export function asksForChart(ctx: CommandContext): boolean {
  return ['图', '图片', '图表'].includes(ctx.argv[0] ?? '');
}

/**
 * Hands the drawing to the job runner (rendering takes a few hundred milliseconds) and answers at
 * once. The charts are made from counts and unit names of this group's units only, so they may go
 * to the group: `image` makes them picture messages where the platform has them.
 */
function chartsLater(
  ctx: CommandContext,
  what: string,
  make: (view: ReturnType<typeof stateAt>) => BarChart[],
): Reply[] {
  const { store, clock, filesDir } = ctx.deps;
  const view = stateAt(store.state);
  const now = clock.now();
  ctx.later(what, async () => {
    const files: Reply[] = [];
    for (const chart of make(view))
      files.push({ file: await writeChartFile(filesDir, chart, now), form: 'chart', image: true });
    return files;
  });
  return [{ text: `${what}：` }];
}

/** Per form, how many of this group's units handed it in on time, late, not yet. */
export function progressChartReply(ctx: CommandContext): Reply[] {
  const units = groupUnits(ctx);
  return chartsLater(ctx, '上报进度图', (view) => [
    submissionChart(submissionCounts(view, ctx.deps.campaign, units)),
  ]);
}

/** Rectification status per unit (附件3's four columns) and hazards by category, for this group's units. */
export function statisticsChartReply(ctx: CommandContext): Reply[] {
  const units = groupUnits(ctx);
  return chartsLater(ctx, '隐患统计图', (view) => [
    statusByUnitChart(computeStatistics(view, ctx.deps.campaign, units).rows, units),
    categoryChart(categoryCounts(view, units)),
  ]);
}

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { CATEGORIES } from '../../../src/domain/catalog.js';
import { categoryCounts, submissionCounts, weeklyCounts } from '../../../src/reports/campaignFigures.js';
import {
  type BarChart,
  type ChartText,
  categoryText,
  MAX_BARS,
} from '../../../src/reports/charts/BarChart.js';
import {
  categoryChart,
  statusByUnitChart,
  submissionChart,
  weeklyChart,
} from '../../../src/reports/charts/campaignCharts.js';
import { CHART_HEIGHT, CHART_WIDTH, chartSvg, renderChart } from '../../../src/reports/charts/renderChart.js';
import { computeStatistics } from '../../../src/reports/statistics.js';
import { campaignInProgress, SECRETS } from '../../kit/campaignData.js';
import { darkPixels, readPng } from '../../kit/readPng.js';
import type { TestBot } from '../../kit/testBot.js';

/** The four charts of a campaign, built as #进度 图, #统计 图 and #总结 build them. */
function chartsOf(b: TestBot): BarChart[] {
  const { campaign } = b.deps;
  const state = b.store.state;
  return [
    submissionChart(submissionCounts(state, campaign)),
    categoryChart(categoryCounts(state, campaign.units)),
    statusByUnitChart(computeStatistics(state, campaign).rows, campaign.units),
    weeklyChart(weeklyCounts(state, campaign, b.now(), campaign.units)),
  ];
}

/** Every text an SVG draws. */
function textsOf(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => (m[1] ?? '').trim()).filter(Boolean);
}

describe('charts', () => {
  let b: TestBot;
  beforeAll(async () => {
    b = await campaignInProgress();
  }, 60_000);
  afterAll(() => b.close());

  test('each is a valid PNG of the declared size', async () => {
    for (const c of chartsOf(b)) {
      const png = readPng(await renderChart(c));
      expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
    }
    const small = readPng(await renderChart(chartsOf(b)[0] as BarChart, 640, 400));
    expect([small.width, small.height]).toEqual([640, 400]);
  }, 60_000);

  test('a Chinese title is inked where it is drawn; a blank one leaves the box white', async () => {
    const chart = { ...(chartsOf(b)[1] as BarChart), subtitle: '' as ChartText };
    // the title is centred at the top, 28 px high: the box around it
    const box = [CHART_WIDTH / 2 - 150, 8, CHART_WIDTH / 2 + 150, 56] as const;
    const titled = readPng(await renderChart(chart));
    // 隐患类别分布: six characters of about 28×28, a fair share of each inked
    expect(darkPixels(titled, ...box)).toBeGreaterThan(600);
    const blank = readPng(await renderChart({ ...chart, title: '' as ChartText }));
    expect(darkPixels(blank, ...box)).toBe(0);
  }, 60_000);

  /*
   * Privacy by construction, shown twice. At compile time: a chart's texts are ChartText, which only
   * the makers in BarChart.ts produce from the campaign's units, the catalog and fixed wording, so a
   * key person's name (a plain string) does not compile into one (the @ts-expect-error lines fail
   * the build the day that changes). At run time: on a store whose key persons and hazard texts hold
   * names, crimes and health words, every text drawn in every chart is one of that vocabulary.
   */
  test('a chart draws only units, catalog categories, its own wording and numbers', async () => {
    const name: string = SECRETS.names[0] as string;
    // @ts-expect-error a plain string is not a ChartText
    const label: ChartText = name;
    // @ts-expect-error nor is a free text a series name
    const series: BarChart['series'][number] = { name, counts: [1] };
    expect([label, series]).toBeTruthy();

    const { campaign } = b.deps;
    const allowed = new Set<string>([
      ...campaign.units.map((u) => u.replace(/司法所$/, '')),
      ...CATEGORIES.map((c) => categoryText(c.code)),
      ...['各表上报进度', '隐患类别分布', '各单位隐患整改情况', '每周发现与销账隐患'],
      ...[
        '按时上报',
        '逾期上报',
        '未上报',
        '隐患数',
        '发现',
        '销账',
        '无法整改',
        '未整改',
        '整改中',
        '已整改',
      ],
      ...['附件1 隐患台账', '附件2 重点人员', '附件3 统计表'],
    ]);
    const drawn: string[] = [];
    for (const c of chartsOf(b)) drawn.push(...textsOf(await chartSvg(c)));
    expect(drawn.length).toBeGreaterThan(20);
    const stray = drawn.filter(
      (t) =>
        !allowed.has(t) &&
        !/^[\d,.]+$/.test(t) &&
        !/^(共|其他) \d+ (条|个单位)$/.test(t) &&
        !/^\d+月\d+日起$/.test(t),
    );
    expect(stray).toEqual([]);
    const all = drawn.join('\n');
    for (const secret of [...SECRETS.names, ...SECRETS.crimes, '患艾', '精神有异常', '身体有重病'])
      expect(all).not.toContain(secret);
  }, 60_000);

  test('past 20 units the largest 20 stay and the rest are summed into one bar', () => {
    const units = Array.from({ length: 4000 }, (_, i) => `第${i + 1}司法所`);
    const rows = computeStatistics(b.store.state, { units }).rows.map((r, i) => ({
      ...r,
      statuses: { ...r.statuses, 未整改: i % 7, 已整改: i === 3999 ? 100 : 1 },
    }));
    const chart = statusByUnitChart(rows, units);
    expect(chart.labels).toHaveLength(MAX_BARS + 1);
    expect(chart.labels[0]).toBe('第4000');
    expect(chart.labels.at(-1)).toBe('其他 3980 个单位');
    const sum = (c: BarChart) => c.series.flatMap((s) => s.counts).reduce((a, n) => a + n, 0);
    expect(sum(chart)).toBe(rows.reduce((a, r) => a + r.statuses.未整改 + r.statuses.已整改, 0));
  });
});

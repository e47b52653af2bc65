import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BarChart } from './BarChart.js';

const require = createRequire(import.meta.url);
/** Noto Sans SC (OFL), shipped by an npm package: `npm ci` brings it, nothing is fetched at run time. */
const FONT_FILE = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';
const FONT_FAMILY = 'Noto Sans SC';
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 720;
const COLORS = ['#3b6fd8', '#f0a431', '#d6453d', '#4caf72', '#7d5ac8'];

let ready: Promise<{ font: Buffer; Resvg: typeof import('@resvg/resvg-wasm').Resvg }> | null = null;

/** Loads ECharts' renderer, resvg's WebAssembly and the font once (about 0.1 s), on the first chart. */
function engine() {
  ready ??= (async () => {
    const resvg = await import('@resvg/resvg-wasm');
    await resvg.initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
    return { font: readFileSync(require.resolve(FONT_FILE)), Resvg: resvg.Resvg };
  })();
  return ready;
}

/** The ECharts option for a chart: stacked bars (or lines), labelled counts, no animation. */
function optionOf(c: BarChart): Record<string, unknown> {
  // a count too small to hold its label on a stacked bar is left to the axis
  const most = Math.max(1, ...c.labels.map((_, i) => c.series.reduce((n, s) => n + (s.counts[i] ?? 0), 0)));
  const slanted = !c.horizontal && c.labels.length > 8;
  const category = {
    type: 'category',
    data: c.labels,
    axisLabel: {
      interval: 0,
      fontSize: 15,
      ...(c.horizontal ? {} : { rotate: slanted ? 35 : 0 }),
    },
  };
  const value = { type: 'value', minInterval: 1, axisLabel: { fontSize: 14 } };
  return {
    animation: false,
    backgroundColor: '#ffffff',
    color: COLORS,
    textStyle: { fontFamily: FONT_FAMILY },
    title: {
      text: c.title,
      subtext: c.subtitle ?? '',
      left: 'center',
      textStyle: { fontSize: 28 },
      subtextStyle: { fontSize: 16 },
    },
    legend: c.series.length > 1 ? { top: 80, textStyle: { fontSize: 16 } } : undefined,
    grid: { top: 130, left: c.horizontal ? 300 : 70, right: 50, bottom: slanted ? 130 : 50 },
    xAxis: c.horizontal ? value : category,
    yAxis: c.horizontal ? { ...category, inverse: true } : value,
    series: c.series.map((s) => ({
      name: s.name,
      type: c.lines ? 'line' : 'bar',
      stack: c.lines ? undefined : 'all',
      data: s.counts,
      label: {
        show: !c.lines && c.labels.length <= 24,
        fontSize: 15,
        formatter: (p: { value: number }) => (p.value && p.value >= most * 0.04 ? String(p.value) : ''),
      },
    })),
  };
}

/** The chart as SVG, by ECharts' server-side renderer (no browser, no canvas). */
export async function chartSvg(c: BarChart, width = CHART_WIDTH, height = CHART_HEIGHT): Promise<string> {
  const echarts = await import('echarts');
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(optionOf(c));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The chart as a PNG of `width`×`height`, rasterised by resvg (WebAssembly) with the shipped CJK font. */
export async function renderChart(c: BarChart, width = CHART_WIDTH, height = CHART_HEIGHT): Promise<Buffer> {
  const [{ font, Resvg }, svg] = await Promise.all([engine(), chartSvg(c, width, height)]);
  const r = new Resvg(svg, {
    font: { fontBuffers: [font], defaultFontFamily: FONT_FAMILY },
    background: '#ffffff',
    fitTo: { mode: 'width', value: width },
  });
  const image = r.render();
  try {
    return Buffer.from(image.asPng());
  } finally {
    image.free();
    r.free();
  }
}

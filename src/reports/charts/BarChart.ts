import { CATEGORY_BY_CODE } from '../../domain/catalog.js';
import type { DateStr } from '../../domain/dates.js';

declare const fromVocabulary: unique symbol;

/**
 * A text a chart may draw. Not a plain string: only the makers below produce one, each from a fixed
 * vocabulary (a unit of the campaign, a catalog category, a chart's own wording, a date, a count), so
 * no free text a person typed (a key person's name, a crime, a hazard's 情况) can reach a chart.
 * `const x: ChartText = someString` does not compile.
 */
export type ChartText = string & { readonly [fromVocabulary]: true };

/** A chart's own wording: titles, series and form names. Literals only, so a variable cannot pass. */
export type FixedWording =
  | '各表上报进度'
  | '隐患类别分布'
  | '各单位隐患整改情况'
  | '每周发现与销账隐患'
  | '按时上报'
  | '逾期上报'
  | '未上报'
  | '隐患数'
  | '发现'
  | '销账'
  | '无法整改'
  | '未整改'
  | '整改中'
  | '已整改'
  | '附件1 隐患台账'
  | '附件2 重点人员'
  | '附件3 统计表';

export function fixed(t: FixedWording): ChartText {
  return t as ChartText;
}

/** A unit as a bar's label (`东城`): only one of the campaign's own units, else it throws. */
export function unitText(units: ReadonlySet<string>, unit: string): ChartText {
  if (!units.has(unit)) throw new Error(`not a unit of the campaign: ${unit.length} characters`);
  return (unit.replace(/司法所$/, '') || unit) as ChartText;
}

/** A category as a label (`二.4 不假外出、审批不严和请假超时`, cut); a code the catalog lacks is `其他`. */
export function categoryText(code: string, max = 16): ChartText {
  const c = CATEGORY_BY_CODE.get(code);
  if (!c) return '其他' as ChartText;
  return `${c.code} ${c.name.length > max ? `${c.name.slice(0, max)}…` : c.name}` as ChartText;
}

/** `8月1日起`: the first day of a week. */
export function weekText(date: DateStr): ChartText {
  const [, m, d] = date.split('-').map(Number);
  return `${m}月${d}日起` as ChartText;
}

/** A wording around whole numbers only (`共 12 条`, `其他 380 个单位`). */
export function countText(before: '共' | '其他', n: number, after: '条' | '个单位'): ChartText {
  return `${before} ${Math.trunc(n)} ${after}` as ChartText;
}

/**
 * What a chart shows: a title, labels and counts, each text a `ChartText`. Nothing else fits in
 * it, so a chart cannot carry a key person's name or a hazard's text: privacy by construction.
 */
export interface BarChart {
  title: ChartText;
  subtitle?: ChartText;
  /** the bars' labels */
  labels: ChartText[];
  /** stacked series: one count per label */
  series: { name: ChartText; counts: number[] }[];
  /** bars across (many long labels) instead of columns */
  horizontal?: boolean;
  /** lines instead of bars (a series over time) */
  lines?: boolean;
}

/** At most this many bars: past it the largest `MAX_BARS` stay and the rest are summed into one more bar. */
export const MAX_BARS = 20;

/** Keeps the `MAX_BARS` largest labels (by total, ties in order) and sums the rest into one `其他 N 个单位` bar. */
export function topWithRest(chart: BarChart): BarChart {
  if (chart.labels.length <= MAX_BARS + 1) return chart;
  const total = (i: number) => chart.series.reduce((n, s) => n + (s.counts[i] ?? 0), 0);
  const order = chart.labels.map((_, i) => i).sort((a, b) => total(b) - total(a) || a - b);
  const kept = order.slice(0, MAX_BARS);
  const rest = order.slice(MAX_BARS);
  return {
    ...chart,
    labels: [...kept.map((i) => chart.labels[i] as ChartText), countText('其他', rest.length, '个单位')],
    series: chart.series.map((s) => ({
      name: s.name,
      counts: [...kept.map((i) => s.counts[i] ?? 0), rest.reduce((n, i) => n + (s.counts[i] ?? 0), 0)],
    })),
  };
}

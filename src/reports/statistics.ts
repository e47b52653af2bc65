import type { Campaign } from '../config/campaign.js';
import { STATUSES, type Status } from '../domain/catalog.js';
import type { State } from '../store/state.js';
import { unitIndex } from './unitIndex.js';

/** One row of 附件3. Reported figures a unit never reported are null. */
export interface StatRow {
  unit: string;
  statuses: Record<Status, number>;
  hazardTotal: number;
  keyPersons: number;
  uncollected: number | null;
  absconded: number | null;
  registered: number | null;
  located: number | null;
  /** 定位监管人数 / 在册人数, 0..1; null when 在册 is 0 or unknown ("—") */
  rate: number | null;
  visits: number;
  punishments: number;
  education: number;
  assistance: number;
}

/** 附件3: a row per unit, in the campaign's order, and the 合计 row. */
export interface StatTable {
  rows: StatRow[];
  total: StatRow;
}

export function rateOf(located: number | null, registered: number | null): number | null {
  return registered && located !== null ? located / registered : null;
}

/** `96.7%`, or `—` where there is no rate. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * The one computation of 附件3 from the store: hazard-status counts from 附件1, key persons from
 * 附件2, reported figures (cumulative ones summed, current ones the latest), the rate, and 合计
 * whose rate is Σ定位/Σ在册 (weighted), never the mean of the units' rates.
 */
export function computeStatistics(
  state: State,
  campaign: Pick<Campaign, 'units'>,
  units = campaign.units,
): StatTable {
  const index = unitIndex(state, campaign.units);
  const rows = units.map((unit): StatRow => {
    const f = index.get(unit);
    if (!f) throw new Error(`unknown unit ${unit}`);
    return {
      unit,
      statuses: { ...f.statuses },
      hazardTotal: f.hazardCount,
      keyPersons: f.keyPersonCount,
      uncollected: f.uncollected,
      absconded: f.absconded,
      registered: f.registered,
      located: f.located,
      rate: rateOf(f.located, f.registered),
      visits: f.cumulative.走访,
      punishments: f.cumulative.惩处,
      education: f.cumulative.教育,
      assistance: f.cumulative.帮扶,
    };
  });
  const sum = (pick: (r: StatRow) => number | null) => rows.reduce((a, r) => a + (pick(r) ?? 0), 0);
  const registered = sum((r) => r.registered);
  const located = sum((r) => r.located);
  const total: StatRow = {
    unit: '合计',
    statuses: Object.fromEntries(STATUSES.map((s) => [s, sum((r) => r.statuses[s])])) as Record<
      Status,
      number
    >,
    hazardTotal: sum((r) => r.hazardTotal),
    keyPersons: sum((r) => r.keyPersons),
    uncollected: sum((r) => r.uncollected),
    absconded: sum((r) => r.absconded),
    registered,
    located,
    rate: rateOf(located, registered),
    visits: sum((r) => r.visits),
    punishments: sum((r) => r.punishments),
    education: sum((r) => r.education),
    assistance: sum((r) => r.assistance),
  };
  return { rows, total };
}

/** A row as text for a phone. */
export function statRowText(r: StatRow): string {
  const n = (v: number | null) => (v === null ? '未报' : String(v));
  return [
    `${r.unit}：隐患 ${r.hazardTotal} 条（${STATUSES.map((s) => `${s}${r.statuses[s]}`).join(' ')}）`,
    `6+9类重点对象 ${r.keyPersons} 人；应收未收 ${n(r.uncollected)}；脱管 ${n(r.absconded)}`,
    `定位监管率 ${formatRate(r.rate)}${r.registered !== null ? `（${r.located}/${r.registered}）` : '（未报）'}`,
    `走访 ${r.visits}、惩处 ${r.punishments}、教育 ${r.education}、帮扶 ${r.assistance} 人次`,
  ].join('\n');
}

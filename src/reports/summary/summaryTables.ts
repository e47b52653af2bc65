import type { Table } from 'docx';
import { NOT_SUBMITTED } from '../exportContext.js';
import { formatRate, type StatRow } from '../statistics.js';
import { STAT_COLUMNS, statCells } from '../statisticsSheet.js';
import { table } from './gongwen.js';
import { rawTableXml } from './rawTable.js';

/**
 * 附件3's rows as the form prints them, cell for cell (`statCells`): a unit that has not submitted
 * reads 未上报, a figure never reported is blank, the rate a percentage or —. `totalLabel` names a
 * single 合计 row.
 */
export function statTable(
  rows: readonly StatRow[],
  totalLabel: string | null,
  missing = new Set<string>(),
): Table {
  const { header, cells, widths } = statTableParts(rows, totalLabel, missing);
  return table(header, cells, widths, { small: true });
}

/** The same table as WordprocessingML, for the appendix of every unit (see `rawTableXml`). */
export function statTableXml(rows: readonly StatRow[], missing: ReadonlySet<string>): string {
  const { header, cells, widths } = statTableParts(rows, null, missing);
  return rawTableXml(header, cells, widths, true);
}

function statTableParts(rows: readonly StatRow[], totalLabel: string | null, missing: ReadonlySet<string>) {
  const header = STAT_COLUMNS.map((c) =>
    c.group ? c.header : c.header.replace('6+9类重点社区矫正对象数', '6+9类重点对象数'),
  );
  const cells = rows.map((r) =>
    missing.has(r.unit)
      ? [r.unit, ...STAT_COLUMNS.slice(1).map(() => NOT_SUBMITTED)]
      : statCells(r).map((v, i) =>
          i === 0 && totalLabel ? totalLabel : typeof v === 'number' && i === 8 ? formatRate(v) : (v ?? ''),
        ),
  ) as (string | number)[][];
  // thirteen columns across 156 mm: 小五, and the rate column wider so 96.7% stays on one line
  const widths = STAT_COLUMNS.map((c, i) => (i === 0 ? 2 : c.header === '定位监管率' ? 1.3 : 1));
  return { header, cells, widths };
}

/** `东城司法所、西城司法所等 30 个单位（见附表2）`: the first `max` named, the rest counted. */
export function unitList(units: readonly string[], max: number): string {
  if (units.length <= max) return units.join('、');
  return `${units.slice(0, max).join('、')}等 ${units.length} 个单位（全部名单见附表2）`;
}

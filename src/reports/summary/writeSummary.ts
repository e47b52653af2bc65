import { closeSync, existsSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Campaign } from '../../config/campaign.js';
import { fileStamp } from '../../domain/dates.js';
import type { BarChart } from '../charts/BarChart.js';
import { categoryChart, statusByUnitChart, submissionChart, weeklyChart } from '../charts/campaignCharts.js';
import { renderChartInWorker } from '../charts/renderChartInWorker.js';
import { privateFolder } from '../forms.js';
import { FONT_TABLE_OVERRIDE } from './fontTable.js';
import { withTables } from './rawTable.js';
import type { SummaryFacts } from './summaryFacts.js';

/**
 * Charts in the document are drawn on a smaller canvas than in a chat: printed 156 mm wide, their
 * 14 px labels then read at about 3 mm, as a table's 五号 text does.
 */
const DOC_CHART = { width: 760, height: 470 };

/** The charts of a summary, from its own figures (nothing counted twice); an empty one is left out. */
export function summaryCharts(
  f: SummaryFacts,
): Record<'submission' | 'status' | 'category' | 'weekly', BarChart | null> {
  return {
    submission: submissionChart(f.submissions),
    status: f.hazardTotal > 0 ? statusByUnitChart(f.unitRows.rows, f.units) : null,
    category: f.byCategory.length > 0 ? categoryChart(f.byCategory) : null,
    weekly: f.hazardTotal > 0 ? weeklyChart(f.weekly) : null,
  };
}

/** Lets the event loop answer what is waiting before the next step. */
export const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Writes the #总结 draft as a .docx under `dir` (owner-only from its first byte, like every export)
 * and returns its path: `总结-<unit or 全区>-20220912-1000.docx`.
 */
export async function writeSummary(f: SummaryFacts, campaign: Campaign, dir: string): Promise<string> {
  // docx takes a while to load: the first summary pays it, not every start-up
  const [{ Packer }, { summaryDocument }] = await Promise.all([
    import('docx'),
    import('./summaryDocument.js'),
  ]);
  const specs = summaryCharts(f);
  // Charts are drawn in the chart worker; packing is synchronous here: the loop is handed back between
  // steps, so a message arriving meanwhile waits for one step, not all.
  const png = async (c: BarChart | null) => {
    await breathe();
    return c ? renderChartInWorker(c, DOC_CHART.width, DOC_CHART.height) : null;
  };
  const charts = {
    submission: await png(specs.submission),
    status: await png(specs.status),
    category: await png(specs.category),
    weekly: await png(specs.weekly),
    ...DOC_CHART,
  };
  await breathe();
  const { doc, tables } = summaryDocument(f, campaign, charts);
  await breathe();
  const packed = await Packer.toBuffer(doc, false, [FONT_TABLE_OVERRIDE]);
  await breathe();
  const bytes = withTables(packed, tables);
  const base = join(privateFolder(dir), `总结-${f.unit ?? '全区'}-${fileStamp(f.asOf)}`);
  let path = `${base}.docx`;
  for (let i = 2; existsSync(path); i++) path = `${base}-${i}.docx`;
  closeSync(openSync(path, 'wx', 0o600));
  writeFileSync(path, bytes);
  return path;
}

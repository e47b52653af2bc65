import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileStamp } from '../../domain/dates.js';
import { privateFolder } from '../forms.js';
import type { BarChart } from './BarChart.js';
import { renderChartInWorker } from './renderChartInWorker.js';

/**
 * Renders `chart` (in the chart worker) and writes it as `dir/图-各表上报进度-20220912-1000.png`, owner-only (0600) from
 * its first byte, like every export; returns the path.
 */
export async function writeChartFile(dir: string, chart: BarChart, now: number): Promise<string> {
  const png = await renderChartInWorker(chart);
  const base = join(privateFolder(dir), `图-${chart.title}-${fileStamp(now)}`);
  let path = `${base}.png`;
  for (let i = 2; existsSync(path); i++) path = `${base}-${i}.png`;
  writeFileSync(path, png, { mode: 0o600, flag: 'wx' });
  return path;
}

import { parentPort } from 'node:worker_threads';
import type { BarChart } from './BarChart.js';
import { renderChart } from './renderChart.js';

/** A chart to draw, as the bot's thread asks for it. */
export interface ChartJob {
  id: number;
  chart: BarChart;
  width: number;
  height: number;
}

/** The picture, or why there is none. */
export type ChartDone = { id: number; png: Uint8Array } | { id: number; error: string };

// The worker thread that draws charts: ECharts and resvg run here, so the bot's thread is never held
// up by a drawing (the first one compiles the WebAssembly and reads the 10 MB font: about a second).
parentPort?.on('message', async (job: ChartJob) => {
  try {
    const png = await renderChart(job.chart, job.width, job.height);
    const bytes = new Uint8Array(png);
    parentPort?.postMessage({ id: job.id, png: bytes } satisfies ChartDone, [bytes.buffer]);
  } catch (e) {
    parentPort?.postMessage({ id: job.id, error: (e as Error).message } satisfies ChartDone);
  }
});

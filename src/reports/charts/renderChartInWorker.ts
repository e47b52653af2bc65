import { Worker } from 'node:worker_threads';
import { workerFile } from '../workerFile.js';
import type { BarChart } from './BarChart.js';
import type { ChartDone, ChartJob } from './chartWorker.js';
import { CHART_HEIGHT, CHART_WIDTH } from './renderChart.js';

/** The compiled worker beside this module; tests run the TypeScript sources, so theirs is the build's. */
let worker: Worker | null = null;
let nextId = 1;
const waiting = new Map<number, { resolve: (png: Buffer) => void; reject: (e: Error) => void }>();

/** The one chart worker, started at the first chart and kept (it holds the WebAssembly and the font); it keeps the process alive only while drawing. */
function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(workerFile('./chartWorker.js', import.meta.url));
  w.on('message', (done: ChartDone) => {
    const ask = waiting.get(done.id);
    if (!ask) return;
    waiting.delete(done.id);
    if (waiting.size === 0) w.unref();
    if ('png' in done) ask.resolve(Buffer.from(done.png));
    else ask.reject(new Error(`chart not drawn: ${done.error}`));
  });
  const fail = (e: Error) => {
    if (worker === w) worker = null;
    for (const [id, ask] of waiting) {
      waiting.delete(id);
      ask.reject(e);
    }
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`chart worker ended (exit ${code})`)));
  // a 'message' listener holds the process open: held only while a chart is being drawn
  w.unref();
  worker = w;
  return w;
}

/**
 * `renderChart` in a worker thread: the same picture, but the bot's thread only copies the chart's
 * counts over and the PNG back, so messages are answered while it is drawn. A worker that dies
 * rejects what it was drawing; the next chart starts a new one.
 */
export function renderChartInWorker(
  chart: BarChart,
  width = CHART_WIDTH,
  height = CHART_HEIGHT,
): Promise<Buffer> {
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    const w = theWorker();
    w.ref();
    w.postMessage({ id, chart, width, height } satisfies ChartJob);
  });
}

import { rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { FormCell, FormSheet } from './formSheet.js';
import { workerFile } from './workerFile.js';
import { type FromXlsxWorker, sheetHead, type ToXlsxWorker } from './xlsxWorkerProtocol.js';

/** Rows per message to the worker: a few milliseconds of work here (making the cells, copying them over). */
const SLICE = 500;

/** Slices sent and not yet written: keeps the rows waiting in the worker's inbox (memory) bounded. */
const IN_FLIGHT = 4;

/** The compiled worker beside this module; tests run the TypeScript sources, so theirs is the build's. */
/**
 * A worker that has said nothing for this long while a workbook is being made is stuck (it acks
 * every slice of rows; a province's last zip step takes seconds): it is ended and the workbook
 * fails, so the workbooks queued behind it are not held for good. `JZ_XLSX_STALL_MS` shortens it
 * for a test.
 */
const STALL_MS = 3 * 60_000;

/** A worker idle this long is ended, giving its memory back (a city 附件1 leaves ~100 MB in it). */
const IDLE_MS = 120_000;

/** The worker's young generation (V8's new space), in MB. */
const YOUNG_MB = 8;

let worker: Worker | null = null;
let turn: Promise<unknown> = Promise.resolve();
let idle: NodeJS.Timeout | null = null;

/** The one worker, started at the first workbook and kept (loading exceljs costs ~0.4 s); it never keeps the process alive. */
function theWorker(): Worker {
  if (idle) clearTimeout(idle);
  idle = null;
  if (worker) return worker;
  // the environment as this thread sees it now (fault injection for tests: JZ_FAIL_AT=xlsx.sheet)
  const w = new Worker(workerFile('./xlsxWorker.js', import.meta.url), {
    env: { ...process.env },
    // exceljs makes short-lived objects by the million: a young generation of 8 MB collects them as
    // cheaply as the default one and holds about 25 MB less while a workbook is made
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
  w.unref();
  w.on('error', () => {});
  w.on('exit', () => {
    if (worker === w) worker = null;
  });
  worker = w;
  return w;
}

/**
 * Writes the sheets to an .xlsx file in a worker thread, as `writeWorkbook` does on this one (the
 * same layout, from the same code): here only the rows are made, a slice at a time, pausing between
 * slices, so messages are answered while the file is made. One workbook at a time; a failure in the
 * worker (or the worker dying) rejects, the half-written file is removed, and the next workbook gets
 * a fresh worker.
 */
export function writeWorkbookInWorker(
  path: string,
  sheets: Iterable<{ name: string; form: FormSheet }>,
): Promise<void> {
  const run = turn.then(() => write(path, sheets));
  turn = run.catch(() => {});
  return run;
}

async function write(path: string, sheets: Iterable<{ name: string; form: FormSheet }>): Promise<void> {
  const w = theWorker();
  let credit = IN_FLIGHT;
  let wake: () => void = () => {};
  let failure: Error | null = null;
  let finish: () => void = () => {};
  let fail: (e: Error) => void = () => {};
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = (e) => {
      failure ??= e;
      reject(failure);
      wake();
    };
  });
  const stallMs = Number(process.env.JZ_XLSX_STALL_MS) || STALL_MS;
  let stall: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(stall);
    stall = setTimeout(() => fail(new Error(`xlsx worker: no word for ${stallMs} ms, ended`)), stallMs);
    stall.unref();
  };
  watch();
  const onMessage = (m: FromXlsxWorker) => {
    watch();
    if (m.kind === 'ack') {
      credit++;
      wake();
    } else if (m.kind === 'done') finish();
    else fail(new Error(`xlsx worker: ${m.message}`));
  };
  const onError = (e: Error) => fail(e);
  const onExit = (code: number) =>
    fail(new Error(`xlsx worker exited (code ${code}) before the file was written`));
  w.on('message', onMessage);
  w.on('error', onError);
  w.on('exit', onExit);
  finished.catch(() => {});
  const post = (m: ToXlsxWorker) => w.postMessage(m);
  /** Until the worker takes another slice; the slice is made after, so its rows never wait in memory. */
  const credited = async () => {
    while (credit === 0 && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw failure;
  };
  try {
    post({ kind: 'open', path });
    for (const { name, form } of sheets) {
      post({ kind: 'sheet', name, form: sheetHead(form) });
      const rows = form.rows[Symbol.iterator]();
      for (let more = true; more; ) {
        await credited();
        const slice: FormCell[][] = [];
        while (slice.length < SLICE) {
          const next = rows.next();
          if (next.done) {
            more = false;
            break;
          }
          slice.push(next.value);
        }
        if (slice.length === 0) break;
        credit--;
        post({ kind: 'rows', rows: slice });
        await new Promise<void>((r) => setImmediate(r));
      }
      post({ kind: 'end', notes: [...form.notes] });
    }
    post({ kind: 'commit' });
    await finished;
  } catch (e) {
    // a worker that failed may be in any state: the next workbook gets a new one
    if (worker === w) worker = null;
    await w.terminate();
    rmSync(path, { force: true });
    throw e;
  } finally {
    clearTimeout(stall);
    w.off('message', onMessage);
    w.off('error', onError);
    w.off('exit', onExit);
    if (worker === w) {
      idle = setTimeout(() => {
        if (worker === w) worker = null;
        void w.terminate();
      }, IDLE_MS);
      idle.unref();
    }
  }
}

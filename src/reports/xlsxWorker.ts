/**
 * The worker thread that makes a workbook (see `writeWorkbookInWorker`): the bot's thread sends the
 * sheets' heads and their rows in slices; here they are measured, styled, written and zipped, so
 * none of that holds a message up. One workbook at a time; every failure is posted back, once.
 */
import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';
import type ExcelJS from 'exceljs';
import { crashPoint } from '../store/crashPoint.js';
import { type FormSheetWriter, formSheetOptions, formSheetWriter, sheetName } from './formSheet.js';
import type { FromXlsxWorker, ToXlsxWorker } from './xlsxWorkerProtocol.js';

const port = parentPort;
if (!port) throw new Error('xlsxWorker runs only as a worker thread');
/**
 * Only exceljs's streaming writer, the class `ExcelJS.stream.xlsx.WorkbookWriter` is: the whole of
 * exceljs (its readers, the in-memory workbook) takes twice as long to load, and every export that
 * starts a worker waits for it (about 0.3 s of 0.7 s under load). The path is exceljs 4.4.0's,
 * pinned in package.json.
 */
const WorkbookWriter: typeof ExcelJS.stream.xlsx.WorkbookWriter = createRequire(import.meta.url)(
  'exceljs/lib/stream/xlsx/workbook-writer.js',
);

let book: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
let sheet: { ws: ExcelJS.Worksheet; writer: FormSheetWriter } | null = null;
let taken = new Set<string>();
let failed = false;
/**
 * The zip's input stream of each sheet begun and not yet zipped, oldest first. The zip takes one
 * sheet at a time, in order; what these streams hold waits in memory, unzipped.
 */
let waiting: Held[] = [];

/** Bytes a stream holds, written and not yet read: its two buffers' lengths (readable-stream 2 has no writableLength). */
type Held = { _writableState?: { length: number }; _readableState?: { length: number } };

/**
 * What exceljs keeps inside: the zip (archiver) and a sheet's stream with what it has not passed
 * on yet. It passes its 64 KB buffers on without waiting, into the PassThrough archiver wraps it in,
 * which holds them until the deflate takes them.
 */
type Insides = {
  zip: NodeJS.EventEmitter;
  _stream?: { buffers: unknown[]; pipes: Held[] };
};

/** A written sheet's parts the workbook never reads again: about 5 KB a sheet, 20 MB for a province. */
const WRITTEN = {
  _columns: null,
  _merges: [],
  _keys: {},
  _dimensions: null,
  _formulae: {},
  _sheetRelsWriter: null,
  _sheetCommentsWriter: null,
  dataValidations: null,
  conditionalFormatting: [],
};

/** Unzipped bytes the sheets may hold before the next slice waits: about 4 MB. */
const BACKLOG = 4 * 1024 * 1024;

/** Sheets that may wait for the zip: a unit's sheet is small, and each one waited for is a pause. */
const SHEETS_AHEAD = 32;

function backlog(): number {
  const current = (sheet?.ws as unknown as Insides | undefined)?._stream;
  let n = (current?.buffers.length ?? 0) * 65536;
  for (const p of waiting) n += (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0);
  return n;
}

/**
 * Waits until the zip has caught up: little left waiting to be zipped. Rows are written far faster
 * than they are compressed, and without this a province's 附件1 was held in memory, unzipped,
 * almost whole. Waiting for every earlier sheet to be zipped instead paused the worker at each of a
 * province's 4,000 small sheets.
 */
async function caughtUp(): Promise<void> {
  while (waiting.length > SHEETS_AHEAD || backlog() > BACKLOG) await new Promise((r) => setTimeout(r, 2));
}

const post = (m: FromXlsxWorker) => port.postMessage(m);

async function handle(m: ToXlsxWorker): Promise<void> {
  switch (m.kind) {
    case 'open':
      book = new WorkbookWriter({
        filename: m.path,
        useStyles: true,
        useSharedStrings: false,
      });
      book.creator = 'jiaozheng-bot';
      waiting = [];
      (book as unknown as Insides).zip.on('entry', (d: { name?: string }) => {
        if (/worksheets\/sheet\d+\.xml$/.test(d.name ?? '')) waiting.shift();
      });
      sheet = null;
      taken = new Set();
      failed = false;
      return;
    case 'sheet': {
      crashPoint('xlsx.sheet');
      if (!book) throw new Error('no workbook open');
      const headerRows = m.form.columns.some((c) => c.group) ? 2 : 1;
      const ws = book.addWorksheet(sheetName(m.name, taken), formSheetOptions(headerRows, m.form.onePage));
      sheet = { ws, writer: formSheetWriter(ws, m.form) };
      const input = (ws as unknown as Insides)._stream?.pipes[0];
      if (input) waiting.push(input);
      return;
    }
    case 'rows':
      sheet?.writer.add(m.rows);
      // the bot's thread sends the next slice on this: memory stays bounded by the zip's pace
      await caughtUp();
      post({ kind: 'ack' });
      return;
    case 'end': {
      sheet?.writer.end(m.notes);
      sheet?.ws.commit();
      // The sheet's stream has passed everything on, but exceljs keeps every sheet to the end, and
      // through its stream the zip's stream for the entry (listeners hold its deflate, 16 KB and more
      // each): a province's 4,000 sheets held about 100 MB until the file was done.
      const s = (sheet?.ws as unknown as Insides | undefined)?._stream;
      if (s) s.pipes = [];
      // The workbook's last parts need only a sheet's id, name, state and page setup; what it
      // kept to write its own part (its columns, merges, writers of parts it never had) goes.
      if (sheet) Object.assign(sheet.ws, WRITTEN);
      sheet = null;
      return;
    }
    case 'commit':
      if (!book) throw new Error('no workbook open');
      await book.commit();
      book = null;
      post({ kind: 'done' });
  }
}

port.on('message', (m: ToXlsxWorker) => {
  // after a failure the rest of that workbook is dropped; the next `open` starts afresh
  if (failed && m.kind !== 'open') return;
  handle(m).catch((e: unknown) => {
    failed = true;
    book = null;
    sheet = null;
    post({ kind: 'failed', message: (e as Error).stack ?? String(e) });
  });
});

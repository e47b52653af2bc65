/**
 * The worker thread that makes a workbook (see `writeWorkbookInWorker`): the bot's thread sends the
 * sheets' heads and their rows in slices; here they are measured, styled, written and zipped, so
 * none of that holds a message up. One workbook at a time; every failure is posted back, once.
 */
import { parentPort } from 'node:worker_threads';
import type ExcelJS from 'exceljs';
import { crashPoint } from '../store/crashPoint.js';
import { type FormSheetWriter, formSheetOptions, formSheetWriter, sheetName } from './formSheet.js';
import type { FromXlsxWorker, ToXlsxWorker } from './xlsxWorkerProtocol.js';

const port = parentPort;
if (!port) throw new Error('xlsxWorker runs only as a worker thread');
const { default: Excel } = await import('exceljs');

let book: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
let sheet: { ws: ExcelJS.Worksheet; writer: FormSheetWriter } | null = null;
let taken = new Set<string>();
let failed = false;

const post = (m: FromXlsxWorker) => port.postMessage(m);

async function handle(m: ToXlsxWorker): Promise<void> {
  switch (m.kind) {
    case 'open':
      book = new Excel.stream.xlsx.WorkbookWriter({
        filename: m.path,
        useStyles: true,
        useSharedStrings: false,
      });
      book.creator = 'jiaozheng-bot';
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
      return;
    }
    case 'rows':
      sheet?.writer.add(m.rows);
      post({ kind: 'ack' });
      return;
    case 'end':
      sheet?.writer.end(m.notes);
      sheet?.ws.commit();
      sheet = null;
      return;
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

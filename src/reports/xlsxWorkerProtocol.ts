import { evenHeights, type FormCell, type FormSheet } from './formSheet.js';

/** A sheet's title, 填报 line and columns: all but its rows and the notes under them. */
export type FormSheetHead = Omit<FormSheet, 'rows' | 'notes'>;

/** The head of `form`, its notes left unread (they may be a getter that reads every row). */
export function sheetHead(form: FormSheet): FormSheetHead {
  const { attachment, title, unit, reporter, reportedAt, columns, boldRows, onePage, rowHeights } = form;
  return {
    attachment,
    title,
    unit,
    reporter,
    reportedAt,
    columns,
    ...(boldRows ? { boldRows } : {}),
    ...(onePage !== undefined ? { onePage } : {}),
    // the worker gets the rows in slices: a list's even heights are asked for by name
    ...(rowHeights || evenHeights(form) ? { rowHeights: 'even' as const } : {}),
  };
}

/** What the bot's thread tells the xlsx worker, in this order: open, then per sheet: sheet, rows…, end; then commit. */
export type ToXlsxWorker =
  | { kind: 'open'; path: string }
  | { kind: 'sheet'; name: string; form: FormSheetHead }
  | { kind: 'rows'; rows: FormCell[][] }
  | { kind: 'end'; notes: readonly string[] }
  | { kind: 'commit' };

/** What the worker answers: `ack` per rows slice written, then `done`, or `failed` once. */
export type FromXlsxWorker = { kind: 'ack' } | { kind: 'done' } | { kind: 'failed'; message: string };

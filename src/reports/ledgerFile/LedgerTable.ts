/** One table of a ledger file (a worksheet, or a Word table), every cell as the text a reader sees. */
export interface LedgerTable {
  /** the sheet's name, or `表格 2` for the second table of a Word file */
  name: string;
  /** `n`: the row's number as the office sees it (the Excel row, the Word table's row) */
  rows: { n: number; cells: string[] }[];
}

/** What a ledger file held: its visible tables, and the hidden sheets left out (named in the preview). */
export interface LedgerContent {
  format: 'xlsx' | 'docx';
  tables: LedgerTable[];
  hiddenSheets: string[];
}

/** Rows a file may hold in all: a unit's ledger has dozens; the cap keeps one file from tying up the bot. */
export const MAX_ROWS = 5000;
/** Columns read per row: the widest form has 13. */
export const MAX_COLUMNS = 40;

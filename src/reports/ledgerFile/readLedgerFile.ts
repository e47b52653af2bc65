import { definedNamesExtent } from './definedNamesExtent.js';
import { docxTables } from './docxTables.js';
import { FileRefusal } from './FileRefusal.js';
import { type LedgerContent, MAX_COLUMNS, MAX_ROWS } from './LedgerTable.js';
import { sheetExtent } from './sheetExtent.js';
import { unzipBounded } from './unzipBounded.js';
import { xlsxTables } from './xlsxTables.js';

/** The largest file read: an office's ledger is a few hundred KB. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const SAVE_AS = '请用 Excel 或 Word 打开，另存为 .xlsx 或 .docx 后再发送。';

/**
 * Reads a ledger file as its bytes say it is, never by its name: an .xlsx or a .docx (a zip whose
 * directory is checked before anything is inflated), anything else refused with the reason. Old
 * binary files (.xls/.doc), password-protected ones (an OLE box holding an EncryptedPackage) and
 * macro-enabled ones (.xlsm/.docm, vbaProject.bin) are refused, never opened.
 */
export async function readLedgerFile(bytes: Buffer): Promise<LedgerContent> {
  if (bytes.length > MAX_FILE_BYTES)
    throw new FileRefusal(
      `文件超过 ${MAX_FILE_BYTES / 1048576} MB，没有读取。请按单位分成几个文件分别导入。`,
    );
  if (bytes.subarray(0, 8).equals(OLE)) {
    if (bytes.includes(Buffer.from('EncryptedPackage', 'utf16le')))
      throw new FileRefusal('文件设置了打开密码（已加密），没有读取。请取消密码后另存为新文件再发送。');
    throw new FileRefusal(`这是旧版 Excel/Word 文件（.xls 或 .doc），没有读取。${SAVE_AS}`);
  }
  if (!bytes.subarray(0, 4).equals(ZIP))
    throw new FileRefusal(`这不是 Excel（.xlsx）或 Word（.docx）文件，没有读取。${SAVE_AS}`);
  // every part is checked (and inflated within its declared size) before exceljs sees any of it
  const parts = unzipBounded(bytes, () => true);
  const types = parts.get('[Content_Types].xml')?.toString('utf8') ?? '';
  const names = [...parts.keys()];
  if (/macroEnabled/i.test(types) || names.some((n) => /vbaProject\.bin$|\.bin$/i.test(n) && /vba/i.test(n)))
    throw new FileRefusal(
      '文件含有宏（.xlsm/.docm），为安全起见没有读取。请另存为不含宏的 .xlsx 或 .docx 再发送。',
    );
  if (parts.has('xl/workbook.xml')) {
    // exceljs holds a whole sheet in memory: count its cells before it reads any, the empty ones
    // too (a cell with only a style is an object there as well: 4 MB of them took over 1 GB)
    let cells = 0;
    let extent = 0;
    for (const [name, xml] of parts)
      if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
        cells += count(xml, '<c ') + count(xml, '<c>') + count(xml, '<c/>');
        extent += sheetExtent(xml);
      }
    if (cells > MAX_ROWS * MAX_COLUMNS)
      throw new FileRefusal(`文件超过 ${MAX_ROWS} 行，没有读取。请按单位分成几个文件分别导入。`);
    // merged ranges and column settings exceljs fills in cell by cell (a whole-sheet merge: billions)
    // and the defined names' ranges, listed cell by cell
    const names = definedNamesExtent(parts.get('xl/workbook.xml') ?? Buffer.alloc(0));
    if (extent > MAX_ROWS * MAX_COLUMNS || names > MAX_ROWS * MAX_COLUMNS)
      throw new FileRefusal(
        '文件的合并单元格、列设置或名称的范围过大，没有读取。请把台账部分复制到新的工作簿，另存为 .xlsx 后再发送。',
      );
    return xlsxTables(bytes);
  }
  const doc = parts.get('word/document.xml');
  if (doc) return { format: 'docx', tables: docxTables(doc.toString('utf8')), hiddenSheets: [] };
  throw new FileRefusal(`这不是 Excel（.xlsx）或 Word（.docx）文件，没有读取。${SAVE_AS}`);
}

function count(haystack: Buffer, needle: string): number {
  const n = Buffer.from(needle);
  let k = 0;
  for (let i = haystack.indexOf(n); i >= 0; i = haystack.indexOf(n, i + n.length)) k++;
  return k;
}

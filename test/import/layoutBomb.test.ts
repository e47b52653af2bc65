import { describe, expect, it } from '@jest/globals';
import { FileRefusal } from '../../src/reports/ledgerFile/FileRefusal.js';
import { readLedgerFile } from '../../src/reports/ledgerFile/readLedgerFile.js';
import { makeZip } from './zipKit.js';

/** An .xlsx of one cell whose sheet carries `layout` (merges, column widths) beside it. */
function xlsx(layout: { before?: string; after?: string; names?: string }): Buffer {
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${layout.before ?? ''}<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row></sheetData>${layout.after ?? ''}</worksheet>`;
  return makeZip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(`<workbook><definedNames>${layout.names ?? ''}</definedNames></workbook>`),
    },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
  ]);
}

/**
 * exceljs makes an object for every cell a merged range covers and every column up to the last a
 * <col> names: a file of 600 bytes merging A1:AN50000 took 650 MB and 3 s, and one merge over a
 * whole sheet would end the bot. Such files are refused before exceljs reads them.
 */
describe('an .xlsx whose layout declares millions of cells', () => {
  it('a merged range over 240,000 cells is refused, unread', async () => {
    const file = xlsx({ after: '<mergeCells count="1"><mergeCell ref="A1:AN6000"/></mergeCells>' });
    expect(file.length).toBeLessThan(1000);
    await expect(readLedgerFile(file)).rejects.toBeInstanceOf(FileRefusal);
  });

  it('a column width set for 300,000 columns is refused, unread', async () => {
    const file = xlsx({ before: '<cols><col min="1" max="300000" width="9"/></cols>' });
    await expect(readLedgerFile(file)).rejects.toBeInstanceOf(FileRefusal);
  });

  it('a defined name over 240,000 cells is refused, unread (exceljs lists each cell of a name)', async () => {
    const file = xlsx({ names: '<definedName name="x">Sheet1!$A$1:$AN$6000</definedName>' });
    await expect(readLedgerFile(file)).rejects.toBeInstanceOf(FileRefusal);
  });

  it('an office’s own merges (title row, two-row header) and a width for every column are read', async () => {
    const file = xlsx({
      before: '<cols><col min="1" max="16384" width="9"/></cols>',
      after: '<mergeCells count="2"><mergeCell ref="A2:H2"/><mergeCell ref="D4:H4"/></mergeCells>',
    });
    await expect(readLedgerFile(file)).resolves.toMatchObject({ format: 'xlsx' });
  });
});

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { tempDir } from '../kit/testBot.js';
import { makeZip } from './zipKit.js';

/**
 * exceljs expands a data validation's range (a 整改状态 dropdown) into one entry per cell: a whole
 * column (H5:H1048576, as Excel writes it) cost 2.4 s and 160 MB, and a 500-byte file validating
 * A1:XFD1048576 held the bot's thread for minutes on its way to running out of memory. The file is
 * read here in a process given 256 MB, from the build (`npm test` builds first), so a file that
 * exhausts memory fails the test rather than the machine.
 */
describe('an .xlsx with a data validation over a whole sheet', () => {
  it('is read for its cells, its validations left unread', () => {
    const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c></row></sheetData><dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="A1:XFD1048576"><formula1>"未整改,整改中"</formula1></dataValidation></dataValidations></worksheet>`;
    const file = makeZip([
      {
        name: '[Content_Types].xml',
        data: Buffer.from('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      },
      {
        name: 'xl/workbook.xml',
        data: Buffer.from(
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        ),
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: Buffer.from(
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        ),
      },
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(sheet) },
    ]);
    expect(file.length).toBeLessThan(2000);
    const path = join(tempDir(), 'dv.xlsx');
    writeFileSync(path, file);
    const reader = new URL('../../dist/src/reports/ledgerFile/readLedgerFile.js', import.meta.url).href;
    const script = `const { readLedgerFile } = await import(${JSON.stringify(reader)});
const { readFileSync } = await import('node:fs');
const c = await readLedgerFile(readFileSync(${JSON.stringify(path)}));
console.log(JSON.stringify(c.tables.map((t) => t.rows.map((r) => r.cells))));`;
    const run = spawnSync(
      process.execPath,
      ['--max-old-space-size=256', '--input-type=module', '-e', script],
      // a bound for a process that would otherwise run until it ran out of memory
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([[['序号']]]);
  }, 150_000);
});

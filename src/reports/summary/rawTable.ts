import { FONTS, mm, SIZE, TEXT_WIDTH_MM } from './gongwen.js';
import { readZip, writeZip } from './zipFile.js';

/** Rows a table of the appendix holds; the next rows start a new table with the header again. */
export const CHUNK = 200;
const HAIRLINE =
  '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="60" w:lineRule="exact"/></w:pPr></w:p>';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A table as WordprocessingML, written directly: the same table as `gongwen.table` draws (header in
 * 黑体 repeated on each page, body cells in the 仿宋 table styles, borders, fixed widths), for the
 * appendix of every unit. Built by the docx library, 4,000 rows of 13 cells took seconds to write;
 * as text they take milliseconds.
 */
export function rawTableXml(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
  widths: readonly number[],
  small = false,
): string {
  const size = small ? 'xiaowu' : 'wu';
  const pad = small ? 30 : 60;
  const sum = widths.reduce((a, b) => a + b, 0);
  const cols = header.map((_, i) => Math.round((mm(TEXT_WIDTH_MM) * (widths[i] ?? 1)) / sum));
  const line = '<w:%s w:val="single" w:sz="4" w:space="0" w:color="000000"/>';
  const borders = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']
    .map((b) => line.replace('%s', b))
    .join('');
  const margins = `<w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="${pad}" w:type="dxa"/><w:bottom w:w="20" w:type="dxa"/><w:right w:w="${pad}" w:type="dxa"/></w:tblCellMar>`;
  const font = `<w:rFonts w:ascii="${FONTS.latin}" w:eastAsia="${FONTS.heading}" w:hAnsi="${FONTS.latin}" w:hint="eastAsia"/><w:sz w:val="${SIZE[size]}"/><w:szCs w:val="${SIZE[size]}"/>`;
  const head = header
    .map(
      (h, i) =>
        `<w:tc><w:tcPr><w:tcW w:w="${cols[i]}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr>${font}</w:rPr><w:t xml:space="preserve">${esc(h)}</w:t></w:r></w:p></w:tc>`,
    )
    .join('');
  const cell = (v: string | number) =>
    `<w:tc><w:p><w:pPr><w:pStyle w:val="Table${typeof v === 'number' ? 'Number' : 'Text'}-${size}"/></w:pPr><w:r><w:t xml:space="preserve">${esc(String(v))}</w:t></w:r></w:p></w:tc>`;
  const row = (r: readonly (string | number)[]) =>
    `<w:tr><w:trPr><w:cantSplit/></w:trPr>${r.map(cell).join('')}</w:tr>`;
  const open = `<w:tbl><w:tblPr><w:tblW w:w="${mm(TEXT_WIDTH_MM)}" w:type="dxa"/><w:tblBorders>${borders}</w:tblBorders><w:tblLayout w:type="fixed"/>${margins}</w:tblPr><w:tblGrid>${cols.map((c) => `<w:gridCol w:w="${c}"/>`).join('')}</w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>${head}</w:tr>`;
  // LibreOffice lays out one table of thousands of rows in minutes: tables of CHUNK rows, each with
  // its header, joined by a hairline paragraph (Word would merge tables that touch)
  const chunks: string[] = [];
  for (let i = 0; i === 0 || i < rows.length; i += CHUNK)
    chunks.push(
      `${open}${rows
        .slice(i, i + CHUNK)
        .map(row)
        .join('')}</w:tbl>`,
    );
  return chunks.join(HAIRLINE);
}

/**
 * Puts each table of `tables` where the document has a paragraph holding only its marker (`§附表1§`),
 * rewriting word/document.xml inside the .docx.
 */
export function withTables(docx: Buffer, tables: ReadonlyMap<string, string>): Buffer {
  const entries = readZip(docx);
  const doc = entries.find((e) => e.name === 'word/document.xml');
  if (!doc) throw new Error('no word/document.xml');
  let xml = doc.data.toString('utf8');
  for (const [marker, table] of tables) {
    const at = xml.indexOf(marker);
    if (at < 0) throw new Error(`no ${marker} in the document`);
    const start = Math.max(xml.lastIndexOf('<w:p>', at), xml.lastIndexOf('<w:p ', at));
    const end = xml.indexOf('</w:p>', at) + '</w:p>'.length;
    xml = xml.slice(0, start) + table + xml.slice(end);
  }
  doc.data = Buffer.from(xml, 'utf8');
  return writeZip(entries);
}

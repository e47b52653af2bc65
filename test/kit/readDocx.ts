import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** Every entry of a zip file (a .docx), by name, read from its central directory. */
export function unzip(path: string): Map<string, Buffer> {
  const buf = readFileSync(path);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let pos = buf.readUInt32LE(eocd + 16);
  const out = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(pos) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(pos + 10);
    const size = buf.readUInt32LE(pos + 20);
    const nameLen = buf.readUInt16LE(pos + 28);
    const extraLen = buf.readUInt16LE(pos + 30);
    const commentLen = buf.readUInt16LE(pos + 32);
    const local = buf.readUInt32LE(pos + 42);
    const name = buf.toString('utf8', pos + 46, pos + 46 + nameLen);
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataAt, dataAt + size);
    out.set(name, method === 0 ? data : inflateRawSync(data));
    pos += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const unescapeXml = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of a piece of WordprocessingML: its w:t runs joined. */
function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1] ?? '')).join('');
}

/** What a reader of the document sees: its paragraphs' text, and its tables as rows of cell texts. */
export interface DocxText {
  xml: string;
  /** every paragraph outside tables, in order */
  paragraphs: string[];
  tables: string[][][];
  /** all text, tables included, one paragraph a line */
  all: string;
}

export function readDocx(path: string): DocxText {
  const xml = unzip(path).get('word/document.xml')?.toString('utf8');
  if (!xml) throw new Error('no word/document.xml');
  const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...(t[1] ?? '').matchAll(/<w:tr[ >]([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...(r[1] ?? '').matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) => textOf(c[1] ?? '')),
    ),
  );
  const outside = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, '');
  const paragraphs = [...outside.matchAll(/<w:p[ >]([\s\S]*?)<\/w:p>/g)].map((p) => textOf(p[1] ?? ''));
  const all = [...xml.matchAll(/<w:p[ >]([\s\S]*?)<\/w:p>/g)].map((p) => textOf(p[1] ?? '')).join('\n');
  return { xml, paragraphs, tables, all };
}

/** The properties (w:rPr) of the first run whose text starts with `text`: its fonts and size, as Word reads them. */
export function runProperties(
  xml: string,
  text: string,
): { eastAsia: string | null; halfPoints: number | null } {
  for (const m of xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)) {
    const run = m[1] ?? '';
    if (!textOf(run).startsWith(text)) continue;
    return {
      eastAsia: /w:eastAsia="([^"]*)"/.exec(run)?.[1] ?? null,
      halfPoints: Number(/<w:sz w:val="(\d+)"/.exec(run)?.[1] ?? Number.NaN) || null,
    };
  }
  throw new Error(`no run starts with ${text}`);
}

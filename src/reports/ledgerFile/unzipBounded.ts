import { inflateRawSync } from 'node:zlib';
import { FileRefusal } from './FileRefusal.js';

/** What an Office file may hold, at most: far above any ledger, far below what hurts the bot. */
export interface ZipLimits {
  entries: number;
  /** the sum of the inflated entries */
  totalBytes: number;
  /** inflated size over compressed size, per entry (XML compresses about 10:1; a bomb 1000:1) */
  ratio: number;
}

export const ZIP_LIMITS: ZipLimits = { entries: 1000, totalBytes: 64 * 1024 * 1024, ratio: 200 };

const BOMB = '文件解压后过大（疑似“压缩炸弹”），没有读取。请用 Excel 或 Word 另存为新文件后再发送。';
const BROKEN =
  '文件已损坏或不是 Office 文件，没有读取。请用 Excel 或 Word 打开后另存为 .xlsx 或 .docx 再发送。';

interface Entry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  offset: number;
}

/** The central directory's entries, read from its end record; nothing is inflated. */
export function zipEntries(buf: Buffer, limits: ZipLimits = ZIP_LIMITS): Entry[] {
  // the end record sits in the last 22 + 65535 bytes (its comment is at most 64 KB)
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw new FileRefusal(BROKEN);
  const count = buf.readUInt16LE(eocd + 10);
  const dirSize = buf.readUInt32LE(eocd + 12);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new FileRefusal(BOMB); // ZIP64: no ledger needs it
  if (count > limits.entries)
    throw new FileRefusal(`文件内含 ${count} 个部件，超过上限 ${limits.entries}，没有读取。`);
  if (at + dirSize > buf.length) throw new FileRefusal(BROKEN);
  const out: Entry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw new FileRefusal(BROKEN);
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const offset = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    at += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) throw new FileRefusal('文件设置了密码（已加密），没有读取。请取消密码后另存再发送。');
    if (method !== 0 && method !== 8) throw new FileRefusal(BROKEN);
    total += size;
    if (total > limits.totalBytes || size > Math.max(compressed, 1) * limits.ratio)
      throw new FileRefusal(BOMB);
    out.push({ name, method, compressed, size, offset });
  }
  return out;
}

/**
 * Inflates the entries `want` picks, never past what the directory declared (a bomb lies about
 * sizes: the inflater stops at the declared size and a longer stream is refused).
 */
export function unzipBounded(
  buf: Buffer,
  want: (name: string) => boolean,
  limits: ZipLimits = ZIP_LIMITS,
): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const e of zipEntries(buf, limits)) {
    if (!want(e.name)) continue;
    if (e.offset + 30 > buf.length || buf.readUInt32LE(e.offset) !== 0x04034b50)
      throw new FileRefusal(BROKEN);
    const start = e.offset + 30 + buf.readUInt16LE(e.offset + 26) + buf.readUInt16LE(e.offset + 28);
    const raw = buf.subarray(start, start + e.compressed);
    let data: Buffer;
    try {
      data =
        e.method === 0 ? Buffer.from(raw) : inflateRawSync(raw, { maxOutputLength: Math.max(e.size, 1) });
    } catch (err) {
      const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE';
      throw new FileRefusal(tooBig ? BOMB : BROKEN);
    }
    if (data.length !== e.size) throw new FileRefusal(data.length > e.size ? BOMB : BROKEN);
    files.set(e.name, data);
  }
  return files;
}

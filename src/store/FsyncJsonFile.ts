import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crashPoint } from './crashPoint.js';

const READ_CHUNK = 4 << 20;

/** Takes a file's bytes chunk by chunk and, at its end, what they hold. */
export interface ChunkReader<R> {
  push(chunk: Buffer): void;
  /** `trusted`: the file's hash matches the one this program wrote beside it */
  end(trusted: boolean): R;
}

/** Every file the store writes: readable by its owner only, whatever the umask. */
export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

/**
 * The snapshot file. It never loses the old file and never blocks the event loop for long: `write`
 * takes an iterator of text chunks (yielding between them), writes them to a temp file checking
 * every byte count, fsyncs, reads the file back and compares its hash with what was meant, and only
 * then renames it over the old one and fsyncs the folder. `read` hands the file to a reader a chunk
 * at a time (yielding between them), hashing as it goes; a file that does not parse throws: a
 * half-read file is never taken for "no data".
 */
export class FsyncJsonFile<R> {
  /** the name of the fault-injection points this write passes (crashPoint.ts) */
  point = 'fold';

  constructor(
    readonly path: string,
    /** a new reader for each read; told at the end whether the hash this adapter wrote beside the file (`<path>.sha256`) still matches, so it need not check record by record */
    private readonly reader: () => ChunkReader<R>,
  ) {}

  /** The file read through a new reader; null when there is none. `trustHash: false` ignores the hash beside it. */
  async read(trustHash = true): Promise<R | null> {
    let fh: FileHandle;
    try {
      fh = await open(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    const reader = this.reader();
    const hash = createHash('sha256');
    try {
      for (let at = 0; ; ) {
        // a new buffer each time: the reader may keep the end of a line until the next chunk
        const buf = Buffer.allocUnsafe(READ_CHUNK);
        const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, at);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        hash.update(chunk);
        reader.push(chunk);
        at += bytesRead;
      }
    } finally {
      await fh.close();
    }
    let trusted = false;
    if (trustHash)
      try {
        trusted = readFileSync(`${this.path}.sha256`, 'utf8') === hash.digest('hex');
      } catch {}
    return reader.end(trusted);
  }

  async write(chunks: Iterable<string>): Promise<void> {
    const sha256 = await writeVerified(this.path, chunks, this.point);
    // Written after the file it vouches for: a crash in between only costs a full check at the next start.
    writeFileDurably(`${this.path}.sha256`, sha256);
  }
}

/** temp file → chunks, byte counts checked → fsync → read back and compare → rename → fsync(dir). */
export async function writeVerified(path: string, chunks: Iterable<string>, point: string): Promise<string> {
  const tmp = tempName(path);
  const hash = createHash('sha256');
  let size = 0;
  const fh = await open(tmp, 'w', FILE_MODE);
  try {
    await fh.chmod(FILE_MODE);
    for (const chunk of chunks) {
      const buf = Buffer.from(chunk, 'utf8');
      await writeAll(fh, buf, size);
      hash.update(buf);
      size += buf.length;
      crashPoint(`${point}.chunk`);
      await new Promise((r) => setImmediate(r));
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  const sha256 = hash.digest('hex');
  await verify(tmp, size, sha256);
  crashPoint(`${point}.written`);
  await rename(tmp, path);
  fsyncDir(dirname(path));
  crashPoint(`${point}.renamed`);
  return sha256;
}

/** The temp name a file is written under before it is renamed into place: never read as data. */
export function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp`);
}

async function writeAll(fh: FileHandle, buf: Buffer, at: number): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off, at + off);
    if (bytesWritten <= 0) throw Object.assign(new Error(`short write to ${fh.fd}`), { code: 'EIO' });
    off += bytesWritten;
  }
}

/** Reads a written file back and checks its size and hash. */
export async function verify(path: string, size: number, sha256: string): Promise<void> {
  const got = await hashFile(path);
  if (got.size !== size || got.sha256 !== sha256)
    throw Object.assign(
      new Error(`${path}: read back ${got.size} bytes that differ from the ${size} written`),
      {
        code: 'EIO',
      },
    );
}

export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, size);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return { size, sha256: hash.digest('hex') };
}

/** A small file written at once (temp → fsync → rename → fsync dir), byte count checked. */
export function writeFileDurably(path: string, text: string): void {
  const tmp = tempName(path);
  const fd = openSync(tmp, 'w', FILE_MODE);
  try {
    writeFully(fd, Buffer.from(text, 'utf8'), 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

/** Writes all of `buf` at `at`, however many calls it takes; a write that stops short throws. */
export function writeFully(fd: number, buf: Buffer, at: number): void {
  let off = 0;
  while (off < buf.length) {
    const n = writeSync(fd, buf, off, buf.length - off, at + off);
    if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
    off += n;
  }
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

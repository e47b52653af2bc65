import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';

/**
 * A lowdb adapter that, unlike lowdb's JSONFile, fsyncs: it writes a temp file, fsyncs it, renames
 * it over the data file and fsyncs the folder, so a crash leaves either the old or the new file.
 * Reading a file that does not parse throws; lowdb never sees a half-read file as "no data".
 */
export class FsyncJsonFile<T> implements Adapter<T> {
  constructor(
    readonly path: string,
    private readonly parse: (text: string) => T,
  ) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    return this.parse(text);
  }

  async write(data: T): Promise<void> {
    writeFileDurably(this.path, JSON.stringify(data));
  }
}

/** temp file → fsync → rename → fsync(dir). */
export function writeFileDurably(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  fsyncDir(dirname(path));
}

export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataFileError } from './DataFileError.js';
import { FsyncJsonFile, hashFile } from './FsyncJsonFile.js';
import { snapshotReader } from './snapshotLines.js';

/**
 * Why a backup copy cannot serve as a restore point (unreadable, cut short, not this program's
 * format, a record that does not validate), or null when it can. Every record is checked: a backup
 * is what a restore relies on. Two kinds are good without reading them through: a byte-for-byte copy
 * of `snapshot` (the store.json the store opened and checked), and a copy whose hash is still the
 * one written beside it (`backupHashFile`) when it was made and compared with its source. A
 * province's backup read through holds the bot's thread for seconds, and after a restart on a busy
 * day the backup is rarely the same as store.json.
 */
export async function backupTrouble(path: string, snapshot: string): Promise<string | null> {
  try {
    const [a, b] = await Promise.all([hashFile(path), hashFile(snapshot).catch(() => null)]);
    if (b && a.size === b.size && a.sha256 === b.sha256) return null;
    if (readIfThere(backupHashFile(path)) === a.sha256) return null;
    // read a chunk at a time, yielding between them: the bot goes on answering while a backup is checked
    const read = await new FsyncJsonFile(path, () => snapshotReader(path, '')).read(false);
    if (read === null) return '文件不存在';
    return null;
  } catch (e) {
    if (e instanceof DataFileError) return e.message;
    return `无法读取（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`;
  }
}

/**
 * Where the hash of a backup is kept, written when the backup was made and checked: a hidden file
 * beside it, so that `ls backups/` shows only the copies to restore from.
 */
export function backupHashFile(backup: string): string {
  return join(dirname(backup), `.${basename(backup)}.sha256`);
}

function readIfThere(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

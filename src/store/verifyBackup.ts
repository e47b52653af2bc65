import { DataFileError } from './DataFileError.js';
import { FsyncJsonFile, hashFile } from './FsyncJsonFile.js';
import { parseSnapshot } from './snapshot.js';
import { snapshotReader } from './snapshotLines.js';

/**
 * Why a backup copy cannot serve as a restore point (unreadable, cut short, not this program's
 * format, a record that does not validate), or null when it can. Every record is checked: a backup
 * is what a restore relies on. A byte-for-byte copy of `snapshot` (the store.json the store opened and
 * checked) is good without parsing it again: after a restart on the same day it usually is one.
 */
export async function backupTrouble(path: string, snapshot: string): Promise<string | null> {
  try {
    const [a, b] = await Promise.all([hashFile(path), hashFile(snapshot).catch(() => null)]);
    if (b && a.size === b.size && a.sha256 === b.sha256) return null;
    // read a chunk at a time, yielding between them: the bot goes on answering while a backup is checked
    const read = await new FsyncJsonFile(path, () => snapshotReader(path, '', parseSnapshot(path, ''))).read(
      false,
    );
    if (read === null) return '文件不存在';
    return null;
  } catch (e) {
    if (e instanceof DataFileError) return e.message;
    return `无法读取（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`;
  }
}

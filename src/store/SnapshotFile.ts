import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chmod, copyFile, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { dateOf } from '../domain/dates.js';
import { crashPoint } from './crashPoint.js';
import { BACKUP_DIR, makeDir, RESTORE_HINT, SNAPSHOT_FILE } from './dataFolder.js';
import { FILE_MODE, FsyncJsonFile, fsyncDir, hashFile, tempName, writeFileDurably } from './FsyncJsonFile.js';
import type { HistoryIndex } from './HistoryIndex.js';
import type { Loaded } from './snapshot.js';
import { snapshotChunks } from './snapshotChunks.js';
import { snapshotReader } from './snapshotLines.js';
import type { State } from './state.js';
import { backupHashFile, backupTrouble } from './verifyBackup.js';

/**
 * `store.json` and its daily copies. The snapshot only shortens the replay at start-up: it is
 * written in slices, read back and verified, then renamed into place; one verified copy a day
 * goes under `backups/`, the newest `keep` kept.
 */
export class SnapshotFile {
  private readonly file: FsyncJsonFile<Loaded>;
  /** seq of the state the snapshot on disk holds */
  seq = 0;
  private lastBackupDate = '';

  constructor(
    readonly dir: string,
    private readonly now: () => number,
    private readonly keep: number,
  ) {
    const path = join(dir, SNAPSHOT_FILE);
    this.file = new FsyncJsonFile(path, () => snapshotReader(path, RESTORE_HINT));
  }

  /** The fault-injection prefix the writes pass (crashPoint.ts): `open` while opening, then `fold`. */
  set point(p: string) {
    this.file.point = p;
  }

  /** The snapshot on disk, checked; null when there is none. */
  read(): Promise<Loaded | null> {
    return this.file.read();
  }

  /** Writes the state as it is now, verified (unless the file holds it already and `force` is not set). */
  async write(state: State, index: HistoryIndex, handled: [string, number][], force = false): Promise<void> {
    const seq = state.seq;
    if (seq <= this.seq && !force) return;
    await this.file.write(snapshotChunks(state, index, handled));
    this.seq = seq;
  }

  /**
   * One verified copy of the snapshot per day under backups/, the newest `keep` kept. A copy already
   * there counts as the day's backup only if it verifies; else `onBad` hears why and it is made again.
   */
  async backupDaily(onBad: (target: string, trouble: string) => void = () => {}): Promise<void> {
    const today = dateOf(this.now());
    if (today === this.lastBackupDate) return;
    const dir = join(this.dir, BACKUP_DIR);
    makeDir(dir);
    const target = join(dir, `store-${today}.json`);
    const source = join(this.dir, SNAPSHOT_FILE);
    const trouble = existsSync(target) ? await backupTrouble(target, source) : null;
    if (trouble) onBad(target, trouble);
    if ((trouble || !existsSync(target)) && existsSync(source)) {
      const tmp = tempName(target);
      crashPoint('backup.copy');
      await copyFile(source, tmp);
      await chmod(tmp, FILE_MODE);
      const fh = await open(tmp, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      crashPoint('backup.copied');
      const [a, b] = await Promise.all([hashFile(source), hashFile(tmp)]);
      if (a.size !== b.size || a.sha256 !== b.sha256)
        throw Object.assign(new Error(`backup ${tmp} differs from ${source}`), { code: 'EIO' });
      await rename(tmp, target);
      fsyncDir(dir);
      // checked against its source just now: a restart today need not read it through again
      writeFileDurably(backupHashFile(target), b.sha256);
    }
    this.lastBackupDate = today;
    const all = readdirSync(dir)
      .filter((f) => /^store-\d{4}-\d{2}-\d{2}\.json$/.test(f))
      .sort();
    for (const f of all.slice(0, Math.max(0, all.length - this.keep))) {
      rmSync(join(dir, f));
      rmSync(backupHashFile(join(dir, f)), { force: true });
    }
  }
}

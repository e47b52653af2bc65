import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { DataFileError } from './DataFileError.js';
import { DIR_MODE, FILE_MODE } from './FsyncJsonFile.js';

/** The files and folders of a data folder. */
export const SNAPSHOT_FILE = 'store.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const AUDIT_DIR = 'audit';
export const LOCK_FILE = 'store.lock';
export const BACKUP_DIR = 'backups';

export const RESTORE_HINT =
  '请勿删除或手工修改该文件。恢复办法见 README“数据与备份”：停止机器人，用 backups/ 中最近一份备份替换 store.json 后重新启动（audit/ 与 journal.jsonl 中备份之后的变更会自动补上）。';

/** A folder of the store, owner-only whatever the umask. */
export function makeDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/** Temp files left by a crash mid-write are never data: they go. */
export function removeTemps(dir: string): void {
  for (const d of [dir, join(dir, BACKUP_DIR), join(dir, AUDIT_DIR)]) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (/^\..*\.tmp$/.test(f)) rmSync(join(d, f), { force: true });
  }
}

/** One process per data folder: two writers on one file would lose changes. */
export function takeLock(dir: string): void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', FILE_MODE);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      chmodSync(path, FILE_MODE);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (pid && pid !== process.pid && isAlive(pid))
        throw new DataFileError(
          `数据目录 ${dir} 正被另一个进程（PID ${pid}）使用。同一数据目录只能运行一个机器人。`,
        );
      unlinkSync(path); // left behind by a process that died
    }
  }
  throw new DataFileError(`无法锁定数据目录 ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function releaseLock(dir: string): void {
  try {
    const path = join(dir, LOCK_FILE);
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
  } catch {}
}

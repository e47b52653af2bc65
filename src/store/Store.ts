import {
  closeSync,
  copyFileSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { dateOf } from '../domain/dates.js';
import { applyEvent } from './applyEvent.js';
import { DataFileError } from './DataFileError.js';
import { FsyncJsonFile, fsyncDir } from './FsyncJsonFile.js';
import {
  type AuditEntry,
  emptyState,
  type NewEvent,
  SCHEMA_VERSION,
  type State,
  type StoredEvent,
} from './state.js';
import { eventSchema, stateSchema } from './stateSchema.js';

export const SNAPSHOT_FILE = 'store.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const LOCK_FILE = 'store.lock';
export const BACKUP_DIR = 'backups';

export interface StoreOptions {
  /** compact the journal into the snapshot after this many changes */
  compactEvery?: number;
  /** daily snapshot copies kept under backups/ */
  keepBackups?: number;
  now?: () => number;
  log?: (line: string) => void;
}

const RESTORE_HINT =
  '请勿删除或手工修改该文件。可从同目录 backups/ 中取最近一份备份替换 store.json（并移走 journal.jsonl），或联系管理员（见 README“数据与备份”）。';

function parseSnapshot(path: string) {
  return (text: string): State => {
    if (text.trim() === '') throw new DataFileError(`数据文件 ${path} 是空的（可能被截断）。${RESTORE_HINT}`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new DataFileError(`数据文件 ${path} 不是有效的 JSON（${(e as Error).message}）。${RESTORE_HINT}`);
    }
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof version === 'number' && version > SCHEMA_VERSION)
      throw new DataFileError(
        `数据文件 ${path} 的格式版本 ${version} 比本程序支持的 ${SCHEMA_VERSION} 新：请升级程序后再启动，不要用旧版本打开它。`,
      );
    const r = stateSchema.safeParse(raw);
    if (!r.success) {
      const where = r.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(根)'}: ${i.message}`)
        .join('；');
      throw new DataFileError(`数据文件 ${path} 不是本程序的数据格式（${where}）。${RESTORE_HINT}`);
    }
    return r.data as unknown as State;
  };
}

/**
 * The one owner of the data folder. The state lives in memory; every change is appended to a
 * journal and fsynced before `commit` resolves (so before any reply reports it), then applied.
 * The journal is folded into the lowdb snapshot (`store.json`) every `compactEvery` changes, so a
 * change costs one short append however large the data grows.
 */
export class Store {
  private journalFd: number | null = null;
  private journalSize = 0;
  private journalCount = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private lastBackupDate = '';

  private constructor(
    readonly dir: string,
    private readonly db: Low<State>,
    private readonly opts: Required<StoreOptions>,
  ) {}

  /** The current state. Read it; never change it except through `commit`. */
  get state(): State {
    return this.db.data;
  }

  /** Opens (or creates) the store in `dir`. A file that does not parse or validate throws a DataFileError and is left as it is. */
  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const opts: Required<StoreOptions> = {
      compactEvery: options.compactEvery ?? 1000,
      keepBackups: options.keepBackups ?? 7,
      now: options.now ?? Date.now,
      log: options.log ?? (() => {}),
    };
    const abs = resolve(dir);
    mkdirSync(abs, { recursive: true });
    takeLock(abs);
    try {
      const snapshotPath = join(abs, SNAPSHOT_FILE);
      const db = new Low<State>(new FsyncJsonFile(snapshotPath, parseSnapshot(snapshotPath)), emptyState());
      await db.read();
      const hadSnapshot = existsSync(snapshotPath);
      db.data ??= emptyState();
      const store = new Store(abs, db, opts);
      const replayed = store.replayJournal(hadSnapshot);
      if (!hadSnapshot || replayed > 0) await store.compactNow();
      store.openJournal();
      store.backupDaily();
      return store;
    } catch (e) {
      releaseLock(abs);
      throw e;
    }
  }

  /** Durably records one change, then applies it. Resolves only once it is on disk. */
  commit(event: NewEvent): Promise<AuditEntry> {
    return this.serial(async () => {
      const stored = { ...event, seq: this.state.seq + 1 } as StoredEvent;
      this.append(`${JSON.stringify(stored)}\n`);
      const entry = applyEvent(this.state, stored);
      if (++this.journalCount >= this.opts.compactEvery) await this.compactNow();
      return entry;
    });
  }

  /** Folds the journal into the snapshot now. */
  compact(): Promise<void> {
    return this.serial(() => this.compactNow());
  }

  /** Waits for pending changes, folds the journal, releases the folder. */
  async close(): Promise<void> {
    await this.serial(async () => {
      if (this.journalCount > 0) await this.compactNow();
      if (this.journalFd !== null) closeSync(this.journalFd);
      this.journalFd = null;
      releaseLock(this.dir);
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private append(line: string): void {
    if (this.journalFd === null) throw new Error('store is closed');
    const buf = Buffer.from(line, 'utf8');
    try {
      let off = 0;
      while (off < buf.length)
        off += writeSync(this.journalFd, buf, off, buf.length - off, this.journalSize + off);
      fsyncSync(this.journalFd);
      this.journalSize += buf.length;
    } catch (e) {
      // Leave no torn line behind a failed write (disk full, I/O error): the change was never acknowledged.
      try {
        ftruncateSync(this.journalFd, this.journalSize);
      } catch {}
      throw e;
    }
  }

  private async compactNow(): Promise<void> {
    await this.db.write();
    if (this.journalFd !== null) {
      ftruncateSync(this.journalFd, 0);
      fsyncSync(this.journalFd);
    } else if (existsSync(this.journalPath)) {
      writeFileSync(this.journalPath, '');
    }
    this.journalSize = 0;
    this.journalCount = 0;
    this.backupDaily();
  }

  private get journalPath(): string {
    return join(this.dir, JOURNAL_FILE);
  }

  private openJournal(): void {
    this.journalFd = openSync(this.journalPath, 'a+');
    this.journalSize = fstatSync(this.journalFd).size;
  }

  /** Applies the journal's changes that the snapshot does not hold yet; returns how many. */
  private replayJournal(hadSnapshot: boolean): number {
    if (!existsSync(this.journalPath)) return 0;
    const text = readFileSync(this.journalPath, 'utf8');
    const lines = text.split('\n');
    // A last line without its newline is a write cut off by a crash before its fsync returned:
    // it was never acknowledged, so it is dropped (and logged). Anything else that does not parse is refused.
    const tail = lines.pop() ?? '';
    if (tail !== '') {
      this.opts.log(`journal: dropping an unfinished last line (${tail.length} bytes) cut off by a crash`);
      const keep = Buffer.byteLength(text, 'utf8') - Buffer.byteLength(tail, 'utf8');
      const fd = openSync(this.journalPath, 'r+');
      ftruncateSync(fd, keep);
      fsyncSync(fd);
      closeSync(fd);
    }
    let applied = 0;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let ev: StoredEvent;
      try {
        ev = eventSchema.parse(JSON.parse(line)) as StoredEvent;
      } catch (e) {
        throw new DataFileError(
          `日志文件 ${this.journalPath} 第 ${i + 1} 行无法读取（${(e as Error).message.slice(0, 120)}）。${RESTORE_HINT}`,
        );
      }
      if (ev.seq <= this.state.seq) return;
      if (ev.seq !== this.state.seq + 1)
        throw new DataFileError(
          `日志文件 ${this.journalPath} 与数据文件${hadSnapshot ? '' : '（缺失）'}对不上：第 ${i + 1} 行是第 ${ev.seq} 项变更，数据文件只到第 ${this.state.seq} 项。${RESTORE_HINT}`,
        );
      applyEvent(this.state, ev);
      applied++;
    });
    if (applied > 0) this.opts.log(`journal: replayed ${applied} change(s)`);
    return applied;
  }

  /** One copy of the snapshot per day under backups/, the newest `keepBackups` kept. */
  private backupDaily(): void {
    const today = dateOf(this.opts.now());
    if (today === this.lastBackupDate) return;
    const dir = join(this.dir, BACKUP_DIR);
    mkdirSync(dir, { recursive: true });
    const target = join(dir, `store-${today}.json`);
    if (!existsSync(target)) {
      copyFileSync(join(this.dir, SNAPSHOT_FILE), target);
      fsyncDir(dir);
    }
    this.lastBackupDate = today;
    const all = readdirSync(dir)
      .filter((f) => /^store-\d{4}-\d{2}-\d{2}\.json$/.test(f))
      .sort();
    for (const f of all.slice(0, Math.max(0, all.length - this.opts.keepBackups))) rmSync(join(dir, f));
  }
}

/** One process per data folder: two writers on one file would lose changes. */
function takeLock(dir: string): void {
  const path = join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
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

function releaseLock(dir: string): void {
  try {
    const path = join(dir, LOCK_FILE);
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
  } catch {}
}

import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { chmod, copyFile, open, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { dateOf } from '../domain/dates.js';
import { applyEvent } from './applyEvent.js';
import { crashPoint } from './crashPoint.js';
import { DataFileError } from './DataFileError.js';
import {
  DIR_MODE,
  FILE_MODE,
  FsyncJsonFile,
  fsyncDir,
  hashFile,
  tempName,
  writeFileDurably,
  writeFully,
} from './FsyncJsonFile.js';
import type { Projection } from './Projection.js';
import { StoreWriteError } from './StoreWriteError.js';
import { type Loaded, parseSnapshot, snapshotChunks } from './snapshot.js';
import {
  type AuditEntry,
  type Committed,
  emptyState,
  type NewEvent,
  SCHEMA_VERSION,
  type State,
  type StoredEvent,
} from './state.js';
import { eventSchema, newEventSchema } from './stateSchema.js';
import { Views } from './views.js';

export const SNAPSHOT_FILE = 'store.json';
export const JOURNAL_FILE = 'journal.jsonl';
export const AUDIT_DIR = 'audit';
export const LOCK_FILE = 'store.lock';
export const BACKUP_DIR = 'backups';

export interface StoreOptions {
  /** rotate the journal into the history and write a snapshot after this many changes */
  compactEvery?: number;
  /** daily snapshot copies kept under backups/ */
  keepBackups?: number;
  /** message ids remembered (across restarts) as already handled */
  rememberIds?: number;
  now?: () => number;
  log?: (line: string) => void;
  /** views the store keeps up to date, built when it opens and brought forward after every change */
  projections?: readonly Projection<unknown>[];
}

const RESTORE_HINT =
  '请勿删除或手工修改该文件。恢复办法见 README“数据与备份”：停止机器人，用 backups/ 中最近一份备份替换 store.json 后重新启动（audit/ 与 journal.jsonl 中备份之后的变更会自动补上）。';

/** How many of the latest changes stay in memory (#撤销 looks for one's own last change among them). */
const RECENT = 4096;

function pad(seq: number): string {
  return String(seq).padStart(12, '0');
}

/**
 * The one owner of the data folder.
 *
 * - Every change is appended to `journal.jsonl` (byte count checked, fsynced) before `commit`
 *   resolves, so before any reply reports it; then it is applied to the state in memory. A change
 *   that cannot be written throws a StoreWriteError and changes nothing.
 * - The journal is the history: every `compactEvery` changes it is rotated (renamed) into
 *   `audit/<first seq>.jsonl`, never emptied. `#历史` reads it there through an index by record.
 * - After a rotation a snapshot of the state (`store.json`, through lowdb) is written in the
 *   background, in slices, read back and verified, then renamed into place. It only shortens the
 *   replay at start-up: if it fails (disk full), nothing is lost, admins are told, it is retried.
 * - One verified copy of the snapshot a day under `backups/`.
 */
export class Store {
  private journalFd: number | null = null;
  private journalSize = 0;
  /** seq of the first change the active journal holds (or will hold) */
  private journalFirst = 1;
  /** first seqs of the closed history segments, ascending */
  private segments: number[] = [];
  private snapshotSeq = 0;
  private folding: Promise<void> | null = null;
  private snapshotDue = false;
  private lastBackupDate = '';
  private closed = false;
  private recent: AuditEntry[] = [];
  private views: Views | null = null;
  private readonly alarms: string[] = [];
  private readonly raised = new Set<string>();
  /** fault-injection prefix of the fold under way: `open` while opening, then `fold` */
  private phase = 'open';

  private constructor(
    readonly dir: string,
    readonly state: State,
    /** record (`H3`, `P2`) → seqs of its changes */
    private readonly index: Record<string, number[]>,
    /** message id → seq of the change it made, oldest first */
    private readonly handledIds: Map<string, number>,
    private readonly db: Low<Loaded | Iterable<string>>,
    private readonly opts: Required<StoreOptions>,
  ) {}

  /** Opens (or creates) the store in `dir`. A file that does not parse or validate throws a DataFileError and is left as it is. */
  static async open(dir: string, options: StoreOptions = {}): Promise<Store> {
    const opts: Required<StoreOptions> = {
      // JZ_COMPACT_EVERY lets the reliability tests fold often in a child process.
      compactEvery: options.compactEvery ?? (Number(process.env.JZ_COMPACT_EVERY) || 1000),
      keepBackups: options.keepBackups ?? 7,
      rememberIds: options.rememberIds ?? 10_000,
      now: options.now ?? Date.now,
      log: options.log ?? (() => {}),
      projections: options.projections ?? [],
    };
    const abs = resolve(dir);
    makeDir(abs);
    takeLock(abs);
    try {
      const snapshotPath = join(abs, SNAPSHOT_FILE);
      const file = new FsyncJsonFile<Loaded, Iterable<string>>(
        snapshotPath,
        parseSnapshot(snapshotPath, RESTORE_HINT),
      );
      const db = new Low<Loaded | Iterable<string>>(file, null as unknown as Loaded);
      await db.read();
      const loaded = db.data as Loaded | null;
      const hadSnapshot = loaded !== null;
      const store = new Store(
        abs,
        loaded?.state ?? emptyState(),
        loaded?.history ?? Object.create(null),
        new Map(loaded?.handled ?? []),
        db,
        opts,
      );
      store.snapshotSeq = store.state.seq;
      removeTemps(abs);
      makeDir(store.auditDir);
      if (loaded?.legacyAudit) store.migrateLegacy(loaded.legacyAudit);
      store.segments = readdirSync(store.auditDir)
        .filter((f) => /^\d{12}\.jsonl$/.test(f))
        .map((f) => Number(f.slice(0, 12)))
        .sort((a, b) => a - b);
      const replayed = store.replay(hadSnapshot);
      // built once on the state as replayed (the history is readable only now), then kept by every change
      store.views = Views.attach(store.state, opts.projections, (target) => store.history(target));
      store.openJournal();
      // The fold at start-up passes fault-injection points of its own (open.*), apart from the running ones (fold.*).
      file.point = 'open';
      if (!hadSnapshot || replayed > 0 || loaded?.legacyAudit) await store.fold(true);
      // the day's backup is copied and checked in the background: start-up does not wait for it
      else
        store.folding = store.backupQuietly().finally(() => {
          store.folding = null;
          store.maybeSnapshot();
        });
      file.point = 'fold';
      store.phase = 'fold';
      return store;
    } catch (e) {
      releaseLock(abs);
      throw e;
    }
  }

  /** Durably records one change, then applies it. Resolves only once it is on disk. */
  async commit(event: NewEvent): Promise<Committed> {
    return (await this.commitAll([event]))[0] as Committed;
  }

  /**
   * Durably records several changes as one record (one journal line, one fsync), then applies
   * them: after a crash either all of them are there or none.
   */
  async commitAll(events: NewEvent[]): Promise<Committed[]> {
    if (this.closed || this.journalFd === null) throw new Error('store is closed');
    let seq = this.state.seq;
    const stored = events.map((e) => ({ ...newEventSchema.parse(e), seq: ++seq }) as StoredEvent);
    this.checkApplicable(stored);
    const line = JSON.stringify(stored.length === 1 ? stored[0] : stored);
    this.append(`${line}\n`);
    const done = stored.map((ev) => this.absorb(ev));
    crashPoint('commit.durable');
    if (this.state.seq - this.journalFirst + 1 >= this.opts.compactEvery) {
      try {
        if (this.rotate()) crashPoint(`${this.phase}.rotated`);
        this.snapshotDue = true;
      } catch (e) {
        this.raise('fold', this.foldTrouble(e), e); // the journal keeps growing; tried again at the next change
      }
    }
    this.maybeSnapshot();
    return done;
  }

  /** Starts writing a snapshot in the background after a rotation; one at a time, the next as soon as it is due. */
  private maybeSnapshot(): void {
    if (this.folding || this.closed || !this.snapshotDue) return;
    this.snapshotDue = false;
    this.folding = this.snapshot().then(
      () => {
        this.folding = null;
        this.maybeSnapshot();
      },
      () => {
        this.folding = null; // retried after the next rotation
      },
    );
  }

  /** True when the message with this id already made a committed change (remembered across restarts). */
  handled(msgId: string): boolean {
    return this.handledIds.has(msgId);
  }

  /** Every change of one record (`H3`, `P2`), oldest first, read from the history on disk. */
  history(target: string): AuditEntry[] {
    const seqs = this.index[target] ?? [];
    const byFile = new Map<string, Set<number>>();
    for (const seq of seqs) {
      const file = this.fileOf(seq);
      const set = byFile.get(file) ?? new Set<number>();
      set.add(seq);
      byFile.set(file, set);
    }
    const out: AuditEntry[] = [];
    for (const [file, wanted] of byFile) {
      // only the lines that name a wanted change are parsed and checked
      const marks = [...wanted].map((seq) => new RegExp(`"seq":${seq}[,}]`));
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!marks.some((m) => m.test(line))) continue;
        let v: unknown;
        try {
          v = JSON.parse(line);
        } catch {
          continue; // a torn last line: never acknowledged
        }
        for (const e of Array.isArray(v) ? v : [v]) {
          const ev = eventSchema.parse(e);
          if (wanted.has(ev.seq)) out.push({ ...ev, target });
        }
      }
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  /** The changes after `seq`, if still held in memory (the latest few thousand). */
  changesSince(seq: number): readonly AuditEntry[] | null {
    const first = this.recent[0]?.seq ?? this.state.seq + 1;
    if (seq + 1 < first || seq > this.state.seq) return null;
    return this.recent.slice(seq + 1 - first);
  }

  /** Trouble admins must hear of (each kind once until it clears); taking them empties the list. */
  takeAlarms(): string[] {
    return this.alarms.splice(0);
  }

  /** Waits for a snapshot being written in the background. */
  async settled(): Promise<void> {
    while (this.folding) await this.folding;
  }

  /** Rotates the journal and writes the snapshot now (throws if the snapshot cannot be written). */
  async compact(): Promise<void> {
    await this.settled();
    await this.fold();
  }

  /** Waits for the background work, writes a last snapshot, releases the folder. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    if (this.state.seq > this.snapshotSeq) await this.fold().catch(() => {});
    this.closed = true;
    if (this.journalFd !== null) closeSync(this.journalFd);
    this.journalFd = null;
    releaseLock(this.dir);
  }

  private get journalPath(): string {
    return join(this.dir, JOURNAL_FILE);
  }

  private get auditDir(): string {
    return join(this.dir, AUDIT_DIR);
  }

  private fileOf(seq: number): string {
    if (seq >= this.journalFirst) return this.journalPath;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.segments[mid] as number) <= seq) lo = mid;
      else hi = mid - 1;
    }
    return join(this.auditDir, `${pad(this.segments[lo] ?? 1)}.jsonl`);
  }

  /** Applies a stored change and notes it in the views, the index, the handled ids and the recent changes. */
  private absorb(ev: StoredEvent): Committed {
    const done = applyEvent(this.state, ev);
    const { target } = done.entry;
    if (target) {
      const seqs = this.index[target];
      if (seqs) seqs.push(ev.seq);
      else this.index[target] = [ev.seq];
    }
    if (ev.msgId !== null && !this.handledIds.has(ev.msgId)) {
      this.handledIds.set(ev.msgId, ev.seq);
      if (this.handledIds.size > this.opts.rememberIds)
        this.handledIds.delete(this.handledIds.keys().next().value as string);
    }
    this.views?.apply(done.entry);
    this.recent.push(done.entry);
    if (this.recent.length > 2 * RECENT) this.recent.splice(0, this.recent.length - RECENT);
    return done;
  }

  /** Refuses, before anything is written, a change that could not apply (a record that does not exist). */
  private checkApplicable(events: StoredEvent[]): void {
    let hazards = this.state.hazards.length;
    let keyPersons = this.state.keyPersons.length;
    for (const ev of events) {
      if (ev.type === 'hazard.add') hazards++;
      if (ev.type === 'keyPerson.add') keyPersons++;
      if ((ev.type === 'hazard.edit' || ev.type === 'hazard.withdraw') && ev.id > hazards)
        throw new Error(`no hazard H${ev.id}`);
      if ((ev.type === 'keyPerson.edit' || ev.type === 'keyPerson.withdraw') && ev.id > keyPersons)
        throw new Error(`no key person P${ev.id}`);
    }
  }

  private append(line: string): void {
    const fd = this.journalFd as number;
    const buf = Buffer.from(line, 'utf8');
    try {
      writeFully(fd, buf, this.journalSize);
      fsyncSync(fd);
      this.journalSize += buf.length;
      this.clear('append');
    } catch (e) {
      // Leave no torn line behind a failed write (disk full, I/O error): the change was never acknowledged.
      try {
        ftruncateSync(fd, this.journalSize);
      } catch {}
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      this.raise(
        'append',
        `数据目录 ${this.dir} 无法写入（${code}${code === 'ENOSPC' || code === 'EFBIG' ? '，磁盘已满' : ''}）：新的填报都未登记。请尽快清理磁盘空间；已登记的数据完好。`,
        e,
      );
      throw new StoreWriteError(code, e);
    }
  }

  /**
   * Rotates the journal into the history, then writes the snapshot at that change, verified, and
   * the day's backup. A failure is logged and told to admins; the journal keeps every change.
   */
  private async fold(force = false): Promise<void> {
    try {
      if (this.rotate()) crashPoint(`${this.phase}.rotated`);
    } catch (e) {
      this.raise('fold', this.foldTrouble(e), e);
      throw e;
    }
    await this.snapshot(force);
  }

  private foldTrouble(e: unknown): string {
    return `数据快照 ${join(this.dir, SNAPSHOT_FILE)} 写入失败（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）。已登记的数据都在日志中，没有丢失；请检查磁盘空间，机器人会自动重试。`;
  }

  /** Writes the snapshot at the current change (verified), then the day's backup. */
  private async snapshot(force = false): Promise<void> {
    try {
      const seq = this.state.seq;
      if (seq > this.snapshotSeq || force) {
        this.db.data = snapshotChunks(this.state, this.index, [...this.handledIds]);
        await this.db.write();
        this.snapshotSeq = seq;
      }
      this.clear('fold');
    } catch (e) {
      this.raise('fold', this.foldTrouble(e), e);
      throw e;
    }
    await this.backupQuietly();
  }

  /** The day's backup; a failure is told to admins, never thrown. */
  private async backupQuietly(): Promise<void> {
    try {
      await this.backupDaily();
      this.clear('backup');
    } catch (e) {
      this.raise(
        'backup',
        `今日备份写入失败（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：请检查磁盘空间。数据本身完好。`,
        e,
      );
    }
  }

  /** Closes the active journal as a history segment and starts a new one (nothing to do when it is empty). */
  private rotate(): boolean {
    if (this.journalFd === null || this.state.seq < this.journalFirst) return false;
    const segment = join(this.auditDir, `${pad(this.journalFirst)}.jsonl`);
    try {
      // a failed append whose clean-up also failed may have left bytes past the last whole line
      if (fstatSync(this.journalFd).size !== this.journalSize)
        ftruncateSync(this.journalFd, this.journalSize);
      fsyncSync(this.journalFd);
    } catch {}
    closeSync(this.journalFd);
    this.journalFd = null;
    try {
      renameSync(this.journalPath, segment);
      fsyncDir(this.auditDir);
      fsyncDir(this.dir);
      this.segments.push(this.journalFirst);
    } finally {
      this.openJournal();
    }
    return true;
  }

  private openJournal(): void {
    this.journalFd = openSync(this.journalPath, 'a+', FILE_MODE);
    chmodSync(this.journalPath, FILE_MODE);
    this.journalSize = fstatSync(this.journalFd).size;
    if (this.journalSize === 0) this.journalFirst = this.state.seq + 1;
  }

  /** Applies the history's changes that the snapshot does not hold yet; returns how many. */
  private replay(hadSnapshot: boolean): number {
    const from = this.state.seq;
    const files: string[] = [];
    let start = 0;
    this.segments.forEach((s, i) => {
      if (s <= from + 1) start = i;
    });
    for (const s of this.segments.slice(start)) files.push(join(this.auditDir, `${pad(s)}.jsonl`));
    if (existsSync(this.journalPath)) files.push(this.journalPath);
    let applied = 0;
    let journalFirst: number | null = null;
    for (const file of files) {
      const isJournal = file === this.journalPath;
      for (const ev of readEvents(file, isJournal, this.opts.log, RESTORE_HINT)) {
        if (isJournal) journalFirst ??= ev.seq;
        if (ev.seq <= this.state.seq) continue;
        if (ev.seq !== this.state.seq + 1)
          throw new DataFileError(
            `日志 ${file} 与数据文件${hadSnapshot ? '' : '（缺失）'}对不上：其中有第 ${ev.seq} 项变更，之前只到第 ${this.state.seq} 项。${RESTORE_HINT}`,
          );
        this.absorb(ev);
        applied++;
      }
    }
    const lastSegment = this.segments.at(-1);
    this.journalFirst = journalFirst ?? this.state.seq + 1;
    if (lastSegment !== undefined && this.journalFirst <= lastSegment)
      throw new DataFileError(`日志 ${this.journalPath} 与 ${AUDIT_DIR}/ 中的历史重叠。${RESTORE_HINT}`);
    if (applied > 0) this.opts.log(`journal: replayed ${applied} change(s)`);
    return applied;
  }

  /** A snapshot of format 1 held the history itself: it moves to `audit/` (once), lines the journal already has left out. */
  private migrateLegacy(audit: StoredEvent[]): void {
    const first = audit[0]?.seq;
    if (first !== undefined) {
      const path = join(this.auditDir, `${pad(first)}.jsonl`);
      if (!existsSync(path)) writeFileDurably(path, audit.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    if (existsSync(this.journalPath)) {
      const keep = readEvents(this.journalPath, true, this.opts.log, RESTORE_HINT).filter(
        (e) => e.seq > this.state.seq,
      );
      writeFileDurably(this.journalPath, keep.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    this.opts.log(`store: moved ${audit.length} history entries out of ${SNAPSHOT_FILE} into ${AUDIT_DIR}/`);
  }

  /** One verified copy of the snapshot per day under backups/, the newest `keepBackups` kept. */
  private async backupDaily(): Promise<void> {
    const today = dateOf(this.opts.now());
    if (today === this.lastBackupDate) return;
    const dir = join(this.dir, BACKUP_DIR);
    makeDir(dir);
    const target = join(dir, `store-${today}.json`);
    const source = join(this.dir, SNAPSHOT_FILE);
    if (!existsSync(target) && existsSync(source)) {
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
    }
    this.lastBackupDate = today;
    const all = readdirSync(dir)
      .filter((f) => /^store-\d{4}-\d{2}-\d{2}\.json$/.test(f))
      .sort();
    for (const f of all.slice(0, Math.max(0, all.length - this.opts.keepBackups))) rmSync(join(dir, f));
  }

  private raise(kind: string, text: string, e: unknown): void {
    if (this.raised.has(kind)) return;
    this.opts.log(`store: ${kind} failed: ${(e as Error).message}`);
    this.raised.add(kind);
    this.alarms.push(text);
  }

  private clear(kind: string): void {
    if (this.raised.delete(kind)) this.opts.log(`store: ${kind} works again`);
  }
}

/**
 * The changes a journal or history file holds: a line is one change, or an array of changes
 * committed together. A last line without its newline is a write cut off by a crash before its
 * fsync returned: it was never acknowledged, so it is dropped (and, in the active journal, cut off).
 * Anything else that does not parse is refused.
 */
function readEvents(file: string, truncateTail: boolean, log: (l: string) => void, hint = ''): StoredEvent[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  if (tail !== '') {
    log(`journal: dropping an unfinished last line (${tail.length} bytes) cut off by a crash`);
    if (truncateTail) {
      const fd = openSync(file, 'r+');
      try {
        ftruncateSync(fd, Buffer.byteLength(text, 'utf8') - Buffer.byteLength(tail, 'utf8'));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }
  const out: StoredEvent[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const v: unknown = JSON.parse(line);
      for (const e of Array.isArray(v) ? v : [v]) out.push(eventSchema.parse(e));
    } catch (e) {
      throw new DataFileError(
        `日志文件 ${file} 第 ${i + 1} 行无法读取（${(e as Error).message.slice(0, 120)}）。${hint}`,
      );
    }
  });
  return out;
}

function makeDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  chmodSync(dir, DIR_MODE);
}

/** Temp files left by a crash mid-write are never data: they go. */
function removeTemps(dir: string): void {
  for (const d of [dir, join(dir, BACKUP_DIR), join(dir, AUDIT_DIR)]) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d)) if (/^\..*\.tmp$/.test(f)) rmSync(join(d, f), { force: true });
  }
}

/** One process per data folder: two writers on one file would lose changes. */
function takeLock(dir: string): void {
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

function releaseLock(dir: string): void {
  try {
    const path = join(dir, LOCK_FILE);
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path);
  } catch {}
}

export { SCHEMA_VERSION };

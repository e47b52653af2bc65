import {
  chmodSync,
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Alarms } from './Alarms.js';
import { DataFileError } from './DataFileError.js';
import { AUDIT_DIR, JOURNAL_FILE, makeDir, RESTORE_HINT, SNAPSHOT_FILE } from './dataFolder.js';
import { FILE_MODE, fsyncDir, writeFileDurably, writeFully } from './FsyncJsonFile.js';
import { StoreWriteError } from './StoreWriteError.js';
import type { AuditEntry, StoredEvent } from './state.js';
import { eventSchema } from './stateSchema.js';

function pad(seq: number): string {
  return String(seq).padStart(12, '0');
}

/**
 * The history on disk. Every change is appended to `journal.jsonl` (byte count checked, fsynced)
 * before the store applies it. The journal is the history: when the store folds, it is rotated
 * (renamed) into `audit/<first seq>.jsonl`, never emptied; `#历史` reads the segments by seq.
 */
export class Journal {
  private fd: number | null = null;
  private size = 0;
  /** seq of the first change the active journal holds (or will hold) */
  first = 1;
  /** first seqs of the closed history segments, ascending */
  private segments: number[] = [];

  constructor(
    readonly dir: string,
    private readonly alarms: Alarms,
    private readonly log: (line: string) => void,
  ) {}

  get path(): string {
    return join(this.dir, JOURNAL_FILE);
  }

  get auditDir(): string {
    return join(this.dir, AUDIT_DIR);
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Finds the closed segments of the history. */
  scan(): void {
    makeDir(this.auditDir);
    this.segments = readdirSync(this.auditDir)
      .filter((f) => /^\d{12}\.jsonl$/.test(f))
      .map((f) => Number(f.slice(0, 12)))
      .sort((a, b) => a - b);
  }

  /** Opens the active journal for appending; an empty one will start at `nextSeq`. */
  open(nextSeq: number): void {
    this.fd = openSync(this.path, 'a+', FILE_MODE);
    chmodSync(this.path, FILE_MODE);
    this.size = fstatSync(this.fd).size;
    if (this.size === 0) this.first = nextSeq;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Appends one line and fsyncs; a failed write leaves no torn line and throws StoreWriteError. */
  append(line: string): void {
    const fd = this.fd as number;
    const buf = Buffer.from(line, 'utf8');
    try {
      writeFully(fd, buf, this.size);
      fsyncSync(fd);
      this.size += buf.length;
      this.alarms.clear('append');
    } catch (e) {
      // Leave no torn line behind a failed write (disk full, I/O error): the change was never acknowledged.
      try {
        ftruncateSync(fd, this.size);
      } catch {}
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      this.alarms.raise(
        'append',
        `数据目录 ${this.dir} 无法写入（${code}${code === 'ENOSPC' || code === 'EFBIG' ? '，磁盘已满' : ''}）：新的填报都未登记。请尽快清理磁盘空间；已登记的数据完好。`,
        e,
      );
      throw new StoreWriteError(code, e);
    }
  }

  /** Closes the active journal as a history segment and starts a new one (nothing to do when it is empty). */
  rotate(lastSeq: number): boolean {
    if (this.fd === null || lastSeq < this.first) return false;
    const segment = join(this.auditDir, `${pad(this.first)}.jsonl`);
    try {
      // a failed append whose clean-up also failed may have left bytes past the last whole line
      if (fstatSync(this.fd).size !== this.size) ftruncateSync(this.fd, this.size);
      fsyncSync(this.fd);
    } catch {}
    closeSync(this.fd);
    this.fd = null;
    try {
      renameSync(this.path, segment);
      fsyncDir(this.auditDir);
      fsyncDir(this.dir);
      this.segments.push(this.first);
    } finally {
      this.open(lastSeq + 1);
    }
    return true;
  }

  /** The changes with these seqs, of record `target`, oldest first, read from the history on disk. */
  read(target: string, seqs: readonly number[]): AuditEntry[] {
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

  private fileOf(seq: number): string {
    if (seq >= this.first) return this.path;
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.segments[mid] as number) <= seq) lo = mid;
      else hi = mid - 1;
    }
    return join(this.auditDir, `${pad(this.segments[lo] ?? 1)}.jsonl`);
  }

  /**
   * Hands `absorb` the history's changes after `seq()` (the state the snapshot holds), in order;
   * returns how many. A gap between the snapshot and the history is refused.
   */
  replay(seq: () => number, hadSnapshot: boolean, absorb: (ev: StoredEvent) => void): number {
    const from = seq();
    const files: string[] = [];
    let start = 0;
    this.segments.forEach((s, i) => {
      if (s <= from + 1) start = i;
    });
    for (const s of this.segments.slice(start)) files.push(join(this.auditDir, `${pad(s)}.jsonl`));
    if (existsSync(this.path)) files.push(this.path);
    let applied = 0;
    let journalFirst: number | null = null;
    for (const file of files) {
      const isJournal = file === this.path;
      for (const ev of readEvents(file, isJournal, this.log, RESTORE_HINT)) {
        if (isJournal) journalFirst ??= ev.seq;
        if (ev.seq <= seq()) continue;
        if (ev.seq !== seq() + 1)
          throw new DataFileError(
            `日志 ${file} 与数据文件${hadSnapshot ? '' : '（缺失）'}对不上：其中有第 ${ev.seq} 项变更，之前只到第 ${seq()} 项。${RESTORE_HINT}`,
          );
        absorb(ev);
        applied++;
      }
    }
    const lastSegment = this.segments.at(-1);
    this.first = journalFirst ?? seq() + 1;
    if (lastSegment !== undefined && this.first <= lastSegment)
      throw new DataFileError(`日志 ${this.path} 与 ${AUDIT_DIR}/ 中的历史重叠。${RESTORE_HINT}`);
    if (applied > 0) this.log(`journal: replayed ${applied} change(s)`);
    return applied;
  }

  /**
   * Hands `visit` each change of the history up to `upTo` whose kind is one of `types`, in order.
   * Only the lines that name one of them are parsed: a province's history is read through once.
   */
  eachOfTypes(types: readonly string[], upTo: number, visit: (ev: StoredEvent) => void): void {
    const files = this.segments.map((s) => join(this.auditDir, `${pad(s)}.jsonl`));
    if (existsSync(this.path)) files.push(this.path);
    const marks = types.map((t) => `"type":${JSON.stringify(t)}`);
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!marks.some((m) => line.includes(m))) return;
        // a last line without its newline was never acknowledged; any other that does not read is
        // damage, refused as the replay refuses it: skipped, a former name would go unmasked for good
        if (i === lines.length - 1) return;
        try {
          const v: unknown = JSON.parse(line);
          for (const e of Array.isArray(v) ? v : [v]) {
            const ev = eventSchema.parse(e);
            if (ev.seq <= upTo && types.includes(ev.type)) visit(ev);
          }
        } catch (e) {
          throw new DataFileError(
            `日志文件 ${file} 第 ${i + 1} 行无法读取（${(e as Error).message.slice(0, 120)}）。${RESTORE_HINT}`,
          );
        }
      });
    }
  }

  /** A snapshot of format 1 held the history itself: it moves to `audit/` (once), lines the journal already has left out. */
  migrateLegacy(audit: StoredEvent[], snapshotSeq: number): void {
    const first = audit[0]?.seq;
    if (first !== undefined) {
      const path = join(this.auditDir, `${pad(first)}.jsonl`);
      if (!existsSync(path)) writeFileDurably(path, audit.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    if (existsSync(this.path)) {
      const keep = readEvents(this.path, true, this.log, RESTORE_HINT).filter((e) => e.seq > snapshotSeq);
      writeFileDurably(this.path, keep.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    this.log(`store: moved ${audit.length} history entries out of ${SNAPSHOT_FILE} into ${AUDIT_DIR}/`);
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

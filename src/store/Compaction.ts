import { join } from 'node:path';
import type { Alarms } from './Alarms.js';
import { crashPoint } from './crashPoint.js';
import { SNAPSHOT_FILE } from './dataFolder.js';
import type { HistoryIndex } from './HistoryIndex.js';
import type { Journal } from './Journal.js';
import type { SnapshotFile } from './SnapshotFile.js';
import type { State } from './state.js';

/** What a snapshot holds, taken at the moment it is started. */
export interface Holding {
  state: State;
  index: HistoryIndex;
  handled: () => [string, number][];
}

/**
 * The fold: every `compactEvery` changes the journal is rotated into the history and a snapshot
 * of the state at that change is written in the background, then the day's backup. One at a time,
 * the next as soon as it is due. A failure loses nothing (the journal keeps every change): it is
 * told to admins and tried again.
 */
export class Compaction {
  private folding: Promise<void> | null = null;
  private due = false;
  /** fault-injection prefix of the fold under way: `open` while opening, then `fold` */
  phase = 'open';
  closed = false;

  constructor(
    private readonly journal: Journal,
    private readonly snapshots: SnapshotFile,
    private readonly alarms: Alarms,
    private readonly holding: Holding,
    private readonly compactEvery: number,
  ) {}

  /** After each commit: rotates when the journal is long enough, and starts the snapshot after it. */
  afterCommit(): void {
    const seq = this.holding.state.seq;
    if (seq - this.journal.first + 1 >= this.compactEvery) {
      try {
        if (this.journal.rotate(seq)) crashPoint(`${this.phase}.rotated`);
        this.due = true;
      } catch (e) {
        this.alarms.raise('fold', this.trouble(e), e); // the journal keeps growing; tried again at the next change
      }
    }
    this.maybeSnapshot();
  }

  /** Rotates the journal now, then writes the snapshot at that change (throws if it cannot be written). */
  async fold(force = false): Promise<void> {
    try {
      if (this.journal.rotate(this.holding.state.seq)) crashPoint(`${this.phase}.rotated`);
    } catch (e) {
      this.alarms.raise('fold', this.trouble(e), e);
      throw e;
    }
    await this.snapshot(force);
  }

  /** The day's backup in the background (start-up does not wait for it). */
  backupInBackground(): void {
    this.folding = this.backupQuietly().finally(() => {
      this.folding = null;
      this.maybeSnapshot();
    });
  }

  /** Waits for a snapshot being written in the background. */
  async settled(): Promise<void> {
    while (this.folding) await this.folding;
  }

  private maybeSnapshot(): void {
    if (this.folding || this.closed || !this.due) return;
    this.due = false;
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

  private trouble(e: unknown): string {
    return `数据快照 ${join(this.snapshots.dir, SNAPSHOT_FILE)} 写入失败（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）。已登记的数据都在日志中，没有丢失；请检查磁盘空间，机器人会自动重试。`;
  }

  /** Writes the snapshot at the current change (verified), then the day's backup. */
  private async snapshot(force = false): Promise<void> {
    const { state, index, handled } = this.holding;
    try {
      await this.snapshots.write(state, index, handled(), force);
      this.alarms.clear('fold');
    } catch (e) {
      this.alarms.raise('fold', this.trouble(e), e);
      throw e;
    }
    await this.backupQuietly();
  }

  /** The day's backup; a failure is told to admins, never thrown. */
  private async backupQuietly(): Promise<void> {
    try {
      await this.snapshots.backupDaily((target, trouble) =>
        this.alarms.raise(
          `backupBad:${target}`,
          `备份 ${target} 校验失败，不能用于恢复（${trouble.trim()}）。已不算作今日备份，机器人重新备份；数据本身完好。`,
          new Error(`backup ${target} does not verify`),
        ),
      );
      this.alarms.clear('backup');
    } catch (e) {
      this.alarms.raise(
        'backup',
        `今日备份写入失败（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：请检查磁盘空间。数据本身完好。`,
        e,
      );
    }
  }
}

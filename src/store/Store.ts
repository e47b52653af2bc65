import { resolve } from 'node:path';
import { Alarms } from './Alarms.js';
import { applyEvent, checkApplicable } from './applyEvent.js';
import { Compaction } from './Compaction.js';
import { crashPoint } from './crashPoint.js';
import { makeDir, releaseLock, removeTemps, takeLock } from './dataFolder.js';
import { HistoryIndex } from './HistoryIndex.js';
import { Journal } from './Journal.js';
import { KEPT_TYPES, keepFromHistory } from './keepFromHistory.js';
import type { Projection } from './Projection.js';
import { SnapshotFile } from './SnapshotFile.js';
import {
  type AuditEntry,
  type Committed,
  emptyState,
  type NewEvent,
  SCHEMA_VERSION,
  type State,
  type StoredEvent,
} from './state.js';
import { newEventSchema } from './stateSchema.js';
import { Views } from './views.js';

export { AUDIT_DIR, BACKUP_DIR, JOURNAL_FILE, LOCK_FILE, SNAPSHOT_FILE } from './dataFolder.js';

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

/** How many of the latest changes stay in memory (#撤销 looks for one's own last change among them). */
const RECENT = 4096;

/**
 * The one owner of the data folder (locked, `dataFolder.ts`): the state in memory, the views kept
 * on it, and the message ids that made a change.
 *
 * - `commit` appends the change to the journal (`Journal.ts`, fsynced) and only then applies it,
 *   so before any reply reports it. A change that cannot be written throws a StoreWriteError and
 *   changes nothing.
 * - Every `compactEvery` changes the journal is rotated into the history and a snapshot
 *   (`SnapshotFile.ts`) is written in the background (`Compaction.ts`). It only shortens the replay
 *   at start-up: if it fails (disk full), nothing is lost, admins are told (`takeAlarms`), it is retried.
 */
export class Store {
  private closed = false;
  private recent: AuditEntry[] = [];
  private views: Views | null = null;
  private readonly alarms: Alarms;
  private readonly journal: Journal;
  private readonly compaction: Compaction;

  private constructor(
    readonly dir: string,
    readonly state: State,
    /** record (`H3`, `P2`) → seqs of its changes */
    private readonly index: HistoryIndex,
    /** message id → seq of the change it made, oldest first */
    private readonly handledIds: Map<string, number>,
    private readonly snapshots: SnapshotFile,
    private readonly opts: Required<StoreOptions>,
  ) {
    this.alarms = new Alarms(opts.log);
    this.journal = new Journal(dir, this.alarms, opts.log);
    const holding = { state, index, handled: () => [...handledIds] };
    this.compaction = new Compaction(this.journal, snapshots, this.alarms, holding, opts.compactEvery);
  }

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
      const snapshots = new SnapshotFile(abs, opts.now, opts.keepBackups);
      const loaded = await snapshots.read();
      const hadSnapshot = loaded !== null;
      const state = loaded?.state ?? emptyState();
      const index = loaded?.history ?? new HistoryIndex();
      const store = new Store(abs, state, index, new Map(loaded?.handled ?? []), snapshots, opts);
      snapshots.seq = state.seq;
      removeTemps(abs);
      const journal = store.journal;
      journal.scan();
      if (loaded?.legacyAudit) journal.migrateLegacy(loaded.legacyAudit, state.seq);
      journal.scan();
      const older = loaded !== null && loaded.version < SCHEMA_VERSION;
      // files of formats 1 and 2 did not keep what the records no longer show: read it from the history, once
      if (older) journal.eachOfTypes(KEPT_TYPES, state.seq, (ev) => keepFromHistory(state, ev));
      const replayed = journal.replay(
        () => state.seq,
        hadSnapshot,
        (ev) => store.absorb(ev),
      );
      // built once on the state as replayed, then kept by every change
      store.views = Views.attach(state, opts.projections);
      journal.open(state.seq + 1);
      // The fold at start-up passes fault-injection points of its own (open.*), apart from the running ones (fold.*).
      snapshots.point = 'open';
      if (!hadSnapshot || replayed > 0 || older) await store.compaction.fold(true);
      // the day's backup is copied and checked in the background: start-up does not wait for it
      else store.compaction.backupInBackground();
      snapshots.point = 'fold';
      store.compaction.phase = 'fold';
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
    if (this.closed || !this.journal.isOpen) throw new Error('store is closed');
    let seq = this.state.seq;
    const stored = events.map((e) => ({ ...newEventSchema.parse(e), seq: ++seq }) as StoredEvent);
    checkApplicable(this.state, stored);
    this.journal.append(`${JSON.stringify(stored.length === 1 ? stored[0] : stored)}\n`);
    const done = stored.map((ev) => this.absorb(ev));
    crashPoint('commit.durable');
    this.compaction.afterCommit();
    return done;
  }

  /** True when the message with this id already made a committed change (remembered across restarts). */
  handled(msgId: string): boolean {
    return this.handledIds.has(msgId);
  }

  /** Every change of one record (`H3`, `P2`), oldest first, read from the history on disk. */
  history(target: string): AuditEntry[] {
    return this.journal.read(target, this.index.seqs(target));
  }

  /** The changes after `seq`, if still held in memory (the latest few thousand). */
  changesSince(seq: number): readonly AuditEntry[] | null {
    const first = this.recent[0]?.seq ?? this.state.seq + 1;
    if (seq + 1 < first || seq > this.state.seq) return null;
    return this.recent.slice(seq + 1 - first);
  }

  /** Trouble admins must hear of (each kind once until it clears); taking them empties the list. */
  takeAlarms(): string[] {
    return this.alarms.take();
  }

  /** Waits for a snapshot being written in the background. */
  settled(): Promise<void> {
    return this.compaction.settled();
  }

  /** Rotates the journal and writes the snapshot now (throws if the snapshot cannot be written). */
  async compact(): Promise<void> {
    await this.settled();
    await this.compaction.fold();
  }

  /** Waits for the background work, writes a last snapshot, releases the folder. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled();
    if (this.state.seq > this.snapshots.seq) await this.compaction.fold().catch(() => {});
    this.closed = true;
    this.compaction.closed = true;
    this.journal.close();
    releaseLock(this.dir);
  }

  /** Applies a stored change and notes it in the views, the index, the handled ids and the recent changes. */
  private absorb(ev: StoredEvent): Committed {
    const done = applyEvent(this.state, ev);
    const { target } = done.entry;
    if (target) this.index.add(target, ev.seq);
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
}

export { SCHEMA_VERSION };

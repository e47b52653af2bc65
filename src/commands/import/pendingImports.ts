import type { Attachment } from '../../core/types.js';
import type { Store } from '../../store/Store.js';
import type { ImportPlan } from './importPlan.js';

/** A file sent in private waits this long for #导入; a preview this long for 确认导入. */
export const PENDING_MS = 10 * 60_000;

interface Pending {
  /** files sent, unread, newest last (two before #导入 is a question, not a guess) */
  files: { attachment: Attachment; at: number }[];
  plan: { plan: ImportPlan; at: number } | null;
}

/**
 * What each sender has pending for an import, by their key, in memory only: a file not read yet,
 * or a preview not confirmed. Kept per store, so two bots in one process never share it. Nothing
 * here is a record: a restart forgets it, and the sender sends the file again.
 */
export class PendingImports {
  private static readonly byStore = new WeakMap<Store, PendingImports>();
  private readonly map = new Map<string, Pending>();

  static of(store: Store): PendingImports {
    let p = PendingImports.byStore.get(store);
    if (!p) {
      p = new PendingImports();
      PendingImports.byStore.set(store, p);
    }
    return p;
  }

  private entry(key: string, now: number): Pending {
    for (const [k, v] of this.map) {
      v.files = v.files.filter((f) => now - f.at < PENDING_MS);
      if (v.plan && now - v.plan.at >= PENDING_MS) v.plan = null;
      if (!v.files.length && !v.plan && k !== key) this.map.delete(k);
    }
    let e = this.map.get(key);
    if (!e) {
      e = { files: [], plan: null };
      this.map.set(key, e);
    }
    return e;
  }

  /** Remembers a file (not read); returns how many are now waiting. */
  addFile(key: string, attachment: Attachment, now: number): number {
    const e = this.entry(key, now);
    e.files.push({ attachment, at: now });
    // at most a few: a flood of files costs no memory beyond their handles
    if (e.files.length > 5) e.files.splice(0, e.files.length - 5);
    return e.files.length;
  }

  /** The waiting files, left waiting (a #导入 the job queue refuses must not lose them). */
  waitingFiles(key: string, now: number): Attachment[] {
    return this.entry(key, now).files.map((f) => f.attachment);
  }

  /** Takes one file out of the waiting ones: its reading has begun. */
  dropFile(key: string, attachment: Attachment): void {
    const e = this.map.get(key);
    if (e) e.files = e.files.filter((f) => f.attachment !== attachment);
  }

  /** Takes the waiting files (all of them: after #导入 none waits any longer). */
  takeFiles(key: string, now: number): Attachment[] {
    const e = this.entry(key, now);
    const files = e.files.map((f) => f.attachment);
    e.files = [];
    return files;
  }

  setPlan(key: string, plan: ImportPlan | null, now: number): void {
    this.entry(key, now).plan = plan ? { plan, at: now } : null;
  }

  /** The preview waiting for 确认导入, if still fresh. */
  plan(key: string, now: number): ImportPlan | null {
    return this.entry(key, now).plan?.plan ?? null;
  }
}

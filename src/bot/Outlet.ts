import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from '../core/Command.js';
import { screenOutgoing } from '../core/privacy.js';
import type { Deps, Outgoing } from '../core/types.js';
import { charCount, fitText, MAX_MENTIONS, MAX_OUTGOING_CHARS } from '../views/messageLimit.js';

/**
 * The one way out. Every outgoing message, reply or reminder, passes `screen`: the privacy tier
 * holds whatever a command wrote, a text too long is cut, and an exported file leaves no copy
 * behind (the outlet tracks each export until it is deleted).
 */
export class Outlet {
  /** The lines of every command's template: catalog text, never masked. */
  private readonly templateLines: ReadonlySet<string>;

  /** Files sent and kept for the retention period, with when they were sent. */
  private readonly exports = new Map<string, number>();

  constructor(
    private readonly deps: Deps,
    commands: readonly Command[],
  ) {
    this.templateLines = new Set(commands.flatMap((c) => c.usage.split('\n')).filter((l) => l.trim() !== ''));
  }

  /** `out` screened, with any store trouble told to the admins after it. */
  release(out: Outgoing[], at: number): Outgoing[] {
    return this.screen([...out, ...this.storeAlarms(at)]);
  }

  /**
   * Applies the privacy tier to messages bound out. An exported file leaves no copy behind: refused,
   * it is deleted at once; sent, it is deleted once delivered, or kept for the campaign's
   * `exportRetentionHours` and deleted by the sweep after that.
   */
  screen(out: Outgoing[]): Outgoing[] {
    const { store, campaign } = this.deps;
    return out.map((o) => {
      const screened = this.bound(screenOutgoing(o, store.state, campaign, this.templateLines));
      // stored evidence is the record itself, never an export to clean up
      if (!('file' in o.reply) || o.reply.form === 'evidence') return screened;
      const file = o.reply.file;
      if (!('file' in screened.reply)) {
        this.removeExport(file);
        return screened;
      }
      const before = o.afterSent;
      return {
        ...screened,
        afterSent: async () => {
          await before?.();
          if (campaign.exportRetentionHours > 0) this.exports.set(file, this.deps.clock.now());
          else this.removeExport(file);
        },
      };
    });
  }

  /** Store trouble (disk full, a snapshot that cannot be written), told to each admin in private, once. */
  private storeAlarms(at: number): Outgoing[] {
    const texts = this.deps.store.takeAlarms();
    return texts.flatMap((text) =>
      this.deps.campaign.admins.map((admin) => ({
        to: { person: admin },
        reply: { text: `【数据存储告警】${text}` },
        at,
      })),
    );
  }

  /**
   * Exports a previous run left in the files folder (kept for their retention, or written just
   * before a crash) are purged like this run's, counted from when they were written.
   */
  adoptLeftoverExports(): number {
    const dir = this.deps.filesDir;
    let n = 0;
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isFile() && /\.(xlsx|docx|png)$/.test(e.name)) {
        const file = join(dir, e.name);
        this.exports.set(file, statSync(file).mtimeMs);
        n++;
      }
    return n;
  }

  /** Deletes the exported files whose retention ended by `now`; returns how many. */
  purgeExports(now: number): number {
    const keepMs = this.deps.campaign.exportRetentionHours * 3_600_000;
    let n = 0;
    for (const [file, sentAt] of this.exports)
      if (now - sentAt >= keepMs) {
        this.removeExport(file);
        n++;
      }
    return n;
  }

  private removeExport(file: string): void {
    this.exports.delete(file);
    try {
      rmSync(file, { force: true });
    } catch (e) {
      this.deps.log.error(`could not delete exported file ${file}: ${(e as Error).message}`);
    }
  }

  /** The last guard of the size limit: a text composed too long is cut (and logged, as a bug to fix). */
  private bound(o: Outgoing): Outgoing {
    if (!('text' in o.reply)) return o;
    const mentions = o.reply.mentions?.slice(0, MAX_MENTIONS);
    const text = fitText(o.reply.text);
    if (text !== o.reply.text)
      this.deps.log.warn(
        `outgoing text of ${charCount(o.reply.text)} characters cut to ${MAX_OUTGOING_CHARS}`,
      );
    if (text === o.reply.text && mentions?.length === o.reply.mentions?.length) return o;
    return { ...o, reply: { text, ...(mentions ? { mentions } : {}) } };
  }
}

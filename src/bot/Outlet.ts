import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../commands/index.js';
import type { Command } from '../core/Command.js';
import { screenOutgoing, warmPrivacy } from '../core/privacy.js';
import type { Deps, IncomingMessage, Outgoing } from '../core/types.js';
import { keysWithRole } from '../core/whoIs.js';
import { dateOf, isoAt } from '../domain/dates.js';
import { composeReminders } from '../reminders/composeReminders.js';
import { nextSweepAt, planReminders, reminderKeys } from '../reminders/planReminders.js';
import { unitIndex } from '../reports/unitIndex.js';
import { charCount, fitText, MAX_MENTIONS, MAX_OUTGOING_CHARS } from '../views/messageLimit.js';
import { handleMessage } from './handleMessage.js';

const REMEMBERED_IDS = 2000;

/**
 * The bot without a transport. Every outgoing message, reply or reminder, leaves through
 * `screenOutgoing`, so the privacy tier holds whatever a command wrote.
 */
export class Engine {
  private readonly seen = new Set<string>();

  constructor(
    readonly deps: Deps,
    readonly commands: readonly Command[] = COMMANDS,
  ) {
    // Pay the one full pass over the store at start-up, not on the first reply.
    unitIndex(deps.store.state, deps.campaign.units);
    // Former names and crimes of edited key persons come from the stored history, once.
    warmPrivacy(deps.store.state, (target) => deps.store.history(target));
    this.templateLines = new Set(commands.flatMap((c) => c.usage.split('\n')).filter((l) => l.trim() !== ''));
  }

  /**
   * Handles one message; a repeat of a recently handled id gets nothing (transports deliver twice),
   * nor does a message that already made a change before a restart (the store remembers its id).
   */
  async onMessage(msg: IncomingMessage): Promise<Outgoing[]> {
    if (this.seen.has(msg.id) || this.deps.store.handled(msg.id)) {
      this.deps.log.info(`message ${msg.id}: duplicate, skipped`);
      return [];
    }
    this.seen.add(msg.id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    const out = await handleMessage(msg, this.deps, this.commands);
    return this.screen([...out, ...this.storeAlarms(msg.at)]);
  }

  /**
   * The reminders due at `now` and not yet sent, as messages whose `afterSent` stamps them sent.
   * Reminders that expired, were superseded or have nothing to say are stamped at once (never sent).
   * Keys already handed to the transport are not handed out again while in flight.
   */
  async remindersDue(now: number): Promise<Outgoing[]> {
    const { store, campaign, log } = this.deps;
    const plan = planReminders(store.state, campaign, now);
    // A message handed to the transport but not confirmed within 10 minutes (given up) may be planned again.
    for (const [k, t] of this.inFlight) if (now - t > 600_000) this.inFlight.delete(k);
    const due = plan.due.filter((r) => !reminderKeys(r).some((k) => this.inFlight.has(k)));
    const { messages, silent } = composeReminders(due, store.state, campaign, dateOf(now));
    for (const r of plan.expired)
      log.info(
        `reminder ${r.key}: its time passed while the bot was down and it is no longer useful; dropped`,
      );
    const unsent = [...plan.expired, ...plan.superseded].map((r) => r.key).concat(silent);
    if (unsent.length > 0) await this.stamp(unsent, now);
    const out: Outgoing[] = messages.map((m) => {
      for (const k of m.keys) this.inFlight.set(k, now);
      return {
        to: m.to,
        reply: { text: m.text, mentions: m.mentions },
        at: now,
        afterSent: async () => {
          await this.stamp(m.keys, this.deps.clock.now());
          for (const k of m.keys) this.inFlight.delete(k);
        },
      };
    });
    return this.screen([...out, ...this.storeAlarms(now)]);
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

  /** The next moment a reminder sweep may find something, after `after`. */
  nextReminderAt(after: number): number | null {
    return nextSweepAt(this.deps.campaign, after);
  }

  private readonly inFlight = new Map<string, number>();

  private async stamp(keys: string[], now: number): Promise<void> {
    const fresh = [...new Set(keys)].filter((k) => !this.deps.store.state.reminders[k]);
    if (fresh.length === 0) return;
    await this.deps.store.commit({
      by: '机器人',
      unit: null,
      at: isoAt(now),
      msgId: null,
      type: 'reminder.sent',
      keys: fresh,
    });
  }

  /** A private message to every admin (a message the transport could not address, say). */
  adminNotice(text: string): Outgoing[] {
    const { campaign, store, clock } = this.deps;
    return this.screen(
      keysWithRole(campaign, store.state, 'admin').map((person) => ({
        to: { person },
        reply: { text },
        at: clock.now(),
      })),
    );
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

  /** The lines of every command's template: catalog text, never masked. */
  private readonly templateLines: ReadonlySet<string>;

  /** Files sent and kept for the retention period, with when they were sent. */
  private readonly exports = new Map<string, number>();

  /**
   * Exports a previous run left in the files folder (kept for their retention, or written just
   * before a crash) are purged like this run's, counted from when they were written.
   */
  adoptLeftoverExports(): number {
    const dir = this.deps.filesDir;
    let n = 0;
    for (const e of readdirSync(dir, { withFileTypes: true }))
      if (e.isFile() && e.name.endsWith('.xlsx')) {
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

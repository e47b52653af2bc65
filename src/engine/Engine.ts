import { COMMANDS } from '../commands/index.js';
import type { Command } from './Command.js';
import { handleMessage } from './handleMessage.js';
import { screenOutgoing } from './privacy.js';
import type { Deps, IncomingMessage, Outgoing } from './types.js';

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
  ) {}

  /** Handles one message; a repeat of a recently handled id gets nothing (transports deliver twice). */
  async onMessage(msg: IncomingMessage): Promise<Outgoing[]> {
    if (this.seen.has(msg.id)) {
      this.deps.log.info(`message ${msg.id}: duplicate, skipped`);
      return [];
    }
    this.seen.add(msg.id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    const out = await handleMessage(msg, this.deps, this.commands);
    return this.screen(out);
  }

  /**
   * Moves a virtual clock forward to `until`, sending every reminder that falls due on the way at
   * its own scheduled time (`setNow` moves the clock). Returns them in order, already marked sent.
   */
  async advanceTo(until: number, setNow: (t: number) => void): Promise<Outgoing[]> {
    const sent: Outgoing[] = [];
    for (;;) {
      const next = this.nextReminderAt?.(this.deps.clock.now());
      if (next === undefined || next === null || next > until) break;
      setNow(next);
      for (const o of await this.remindersDue(next)) {
        sent.push(o);
        await o.afterSent?.();
      }
    }
    return sent;
  }

  /** The reminders due at `now` and not yet sent (filled in by the reminder planner). */
  async remindersDue(_now: number): Promise<Outgoing[]> {
    return [];
  }

  nextReminderAt?: (after: number) => number | null;

  /** Applies the privacy tier to messages bound out. */
  screen(out: Outgoing[]): Outgoing[] {
    return out.map((o) => screenOutgoing(o, this.deps.store.state));
  }
}

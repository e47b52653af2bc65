import type { Clock } from '../core/types.js';
import type { Bot } from './Bot.js';

/**
 * A clock that moves only when told, for the console, simulate and tests. Moving it forward
 * stops at every moment a reminder may fall due on the way and sweeps there, so each reminder is
 * sent at its own scheduled time.
 */
export class VirtualClock implements Clock {
  constructor(private t = 0) {}

  now(): number {
    return this.t;
  }

  /** Sets the time without sweeping (the bot's start, or a test's setup). */
  set(t: number): void {
    this.t = t;
  }

  /** Moves forward to `until`, sending every reminder due on the way at its own time. Never moves back. */
  async advance(until: number, bot: Bot): Promise<void> {
    for (
      let next = bot.nextReminderAt(this.t);
      next !== null && next <= until;
      next = bot.nextReminderAt(next)
    ) {
      this.t = next;
      await bot.sweep(next);
    }
    this.t = Math.max(this.t, until);
  }
}

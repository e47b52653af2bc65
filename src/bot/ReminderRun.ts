import type { Deps, Outgoing } from '../core/types.js';
import { dateOf, isoAt } from '../domain/dates.js';
import { composeReminders } from '../reminders/composeReminders.js';
import { nextSweepAt, planReminders, reminderKeys } from '../reminders/planReminders.js';

/**
 * One reminder sweep: what is due and not yet sent, as messages whose `afterSent` stamps them
 * sent. Reminders that expired, were superseded or have nothing to say are stamped at once
 * (never sent). Keys already handed to the transport are not handed out again while in flight.
 */
export class ReminderRun {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly deps: Deps) {}

  /** The reminders due at `now`, unscreened (the bot passes them through the outlet). */
  async due(now: number): Promise<Outgoing[]> {
    const { store, campaign, log } = this.deps;
    const plan = planReminders(store.state, campaign, now);
    // A message handed to the transport but not confirmed within 10 minutes (given up) may be planned again.
    for (const [k, t] of this.inFlight) if (now - t > 600_000) this.inFlight.delete(k);
    const due = plan.due.filter((r) => !reminderKeys(r).some((k) => this.inFlight.has(k)));
    // most minutes nothing is due: composing nothing still read every member and hazard
    const { messages, silent } =
      due.length > 0
        ? composeReminders(due, store.state, campaign, dateOf(now))
        : { messages: [], silent: [] };
    for (const r of plan.expired)
      log.info(
        `reminder ${r.key}: its time passed while the bot was down and it is no longer useful; dropped`,
      );
    const unsent = [...plan.expired, ...plan.superseded].map((r) => r.key).concat(silent);
    if (unsent.length > 0) await this.stamp(unsent, now);
    return messages.map((m) => {
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
  }

  /** The next moment a reminder sweep may find something, after `after`. */
  nextAt(after: number): number | null {
    return nextSweepAt(this.deps.campaign, after);
  }

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
}

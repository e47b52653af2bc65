import cron from 'node-cron';
import { TZ } from '../domain/dates.js';
import type { Engine } from '../engine/Engine.js';
import type { Logger, Outgoing } from '../engine/types.js';

/**
 * One node-cron job, every minute in Asia/Shanghai, never overlapping itself: ask the engine what
 * is due now and hand it to the outbound queue. It also runs once at once, to catch up on what
 * fell due while the bot was down.
 */
export function startSweep(
  engine: Engine,
  now: () => number,
  send: (o: Outgoing[]) => Promise<void>,
  log: Logger,
): { stop(): void; sweep(): Promise<void> } {
  const sweep = async () => {
    try {
      const due = await engine.remindersDue(now());
      if (due.length > 0) {
        log.info(`reminders: sending ${due.length} message(s)`);
        await send(due);
      }
    } catch (e) {
      log.error(`reminder sweep failed: ${(e as Error).stack ?? e}`);
    }
  };
  const task = cron.schedule('* * * * *', sweep, { timezone: TZ, noOverlap: true, name: 'reminder-sweep' });
  void sweep();
  return { stop: () => void task.stop(), sweep };
}

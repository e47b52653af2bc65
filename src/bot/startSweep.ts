import cron from 'node-cron';
import type { Logger } from '../core/types.js';
import { TZ } from '../domain/dates.js';
import type { Bot } from './Bot.js';

/**
 * One node-cron job, every minute in Asia/Shanghai, never overlapping itself: send what is due
 * now. It also runs once at once, to catch up on what fell due while the bot was down.
 */
export function startSweep(
  bot: Bot,
  now: () => number,
  log: Logger,
): { stop(): void; sweep(): Promise<void> } {
  const sweep = async () => {
    try {
      await bot.sweep(now());
    } catch (e) {
      log.error(`reminder sweep failed: ${(e as Error).stack ?? e}`);
    }
  };
  const task = cron.schedule('* * * * *', sweep, { timezone: TZ, noOverlap: true, name: 'reminder-sweep' });
  void sweep();
  return { stop: () => void task.stop(), sweep };
}

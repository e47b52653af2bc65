import { expect } from '@jest/globals';
import type { HeavyJob } from '../../src/core/JobQueue.js';
import type { TestBot } from './testBot.js';

/** A gate a test opens by hand: every job waits at it, so messages are sent while files are "being made". */
export function gate(holds: (job: HeavyJob) => boolean = () => true) {
  let open: () => void = () => {};
  const opened = new Promise<void>((r) => {
    open = r;
  });
  const held: HeavyJob[] = [];
  return {
    held,
    open: () => open(),
    beforeWork: async (job: HeavyJob) => {
      if (!holds(job)) return;
      held.push(job);
      await opened;
    },
  };
}

/** Sends a message without waiting for its replies (they may wait for a file). */
export function post(
  bot: TestBot,
  from: string,
  text: string,
  id: string,
  room: string | null = null,
): Promise<void> {
  return bot.bot.receive({
    id,
    room,
    sender: { key: from, name: from },
    text,
    mentionsBot: false,
    at: bot.now(),
  });
}

/** Resolves once `ok` holds, re-checked as the bot's messages are handled (no timers). */
export async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !ok(); i++) await new Promise((r) => setImmediate(r));
  expect(ok()).toBe(true);
}

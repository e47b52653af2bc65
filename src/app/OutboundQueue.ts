import type { Logger, Outgoing } from '../core/types.js';

/** Sends one message; throws when the transport failed. */
export type SendFn = (o: Outgoing) => Promise<void>;

export interface QueueOptions {
  /** pause between two sends: WeChat throttles bursts and bans accounts that flood */
  intervalMs: number;
  /** tries per message before it is given up (and logged) */
  attempts: number;
  /** first retry delay, doubled at each retry */
  backoffMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One queue for everything the bot says, sent one at a time, `intervalMs` apart. A failed send is
 * retried with backoff; a message's `afterSent` (which stamps a reminder sent) runs only once it
 * was delivered.
 */
export class OutboundQueue {
  private tail: Promise<void> = Promise.resolve();
  /** messages delivered so far */
  sent = 0;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly send: SendFn,
    private readonly log: Logger,
    private readonly opts: QueueOptions,
  ) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Queues messages in order; resolves when they are sent or given up. */
  push(messages: Outgoing[]): Promise<void> {
    const run = this.tail.then(async () => {
      for (const m of messages) await this.deliver(m);
    });
    this.tail = run.catch(() => {});
    return run;
  }

  private async deliver(m: Outgoing): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send(m);
        this.sent++;
        break;
      } catch (e) {
        if (attempt >= this.opts.attempts) {
          this.log.error(`send failed ${attempt} times, giving up: ${(e as Error).message}`);
          return;
        }
        const wait = this.opts.backoffMs * 2 ** (attempt - 1);
        this.log.warn(`send failed (${(e as Error).message}); retry ${attempt} in ${wait} ms`);
        await this.sleep(wait);
      }
    }
    try {
      await m.afterSent?.();
    } catch (e) {
      this.log.error(`after-send step failed: ${(e as Error).message}`);
    }
    await this.sleep(this.opts.intervalMs);
  }
}

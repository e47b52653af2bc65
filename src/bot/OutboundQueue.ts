import type { Logger, Outgoing } from '../core/types.js';
import { charCount, MAX_MENTIONS, MAX_OUTGOING_CHARS } from '../views/messageLimit.js';

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
  /** the most characters one merged message may hold (default MAX_OUTGOING_CHARS) */
  maxChars?: number;
}

/** WeChat throttles bursts and bans accounts that flood: one message about every 1.5 s, retried with backoff. */
export const LIVE_QUEUE: QueueOptions = { intervalMs: 1500, attempts: 4, backoffMs: 2000 };

interface Waiting {
  m: Outgoing;
  done: () => void;
}

const PART_SEPARATOR = '\n\n';

/** A text reply into a group: may share one message with other replies into the same group. */
function mergeable(o: Outgoing): o is Outgoing & { to: { room: string }; reply: { text: string } } {
  // a reply with buttons goes alone: merging keeps only the text
  return 'room' in o.to && 'text' in o.reply && o.inReplyTo !== undefined && !o.reply.cards?.length;
}

/** The text of one part of a merged message: addressed to whoever asked. */
function partText(o: Outgoing): string {
  const text = 'text' in o.reply ? o.reply.text : '';
  return o.addressee ? `@${o.addressee} ${text}` : text;
}

/**
 * One queue for everything the bot says, sent one at a time, `intervalMs` apart. Replies waiting for
 * the same group are merged into one message (each part addressed to its sender) as long as it stays
 * within the size limit, so a burst of questions is answered in a few messages instead of one every
 * `intervalMs`. A failed send is retried with backoff; a message's `afterSent` (which stamps a reminder
 * sent) runs only once the message carrying it was delivered.
 */
export class OutboundQueue {
  private readonly waiting: Waiting[] = [];
  private running = false;
  /** messages delivered so far (a merged message counts once) */
  sent = 0;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxChars: number;

  constructor(
    private readonly send: SendFn,
    private readonly log: Logger,
    private readonly opts: QueueOptions,
  ) {
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.maxChars = opts.maxChars ?? MAX_OUTGOING_CHARS;
  }

  /** Queues messages in order; resolves when they are sent or given up. */
  push(messages: Outgoing[]): Promise<void> {
    const done = messages.map((m) => new Promise<void>((resolve) => this.waiting.push({ m, done: resolve })));
    void this.run();
    return Promise.all(done).then(() => {});
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let batch = this.take(); batch.length > 0; batch = this.take()) {
        try {
          await this.deliver(batch);
        } finally {
          for (const w of batch) w.done();
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** The next message, with every reply waiting for the same group that fits beside it. */
  private take(): Waiting[] {
    const first = this.waiting.shift();
    if (!first) return [];
    if (!mergeable(first.m)) return [first];
    const room = first.m.to.room;
    const batch = [first];
    let length = charCount(partText(first.m));
    for (let i = 0; i < this.waiting.length; ) {
      const o = (this.waiting[i] as Waiting).m;
      if (!('room' in o.to) || o.to.room !== room) {
        i++;
        continue;
      }
      // never reorder within a group: stop at the first one that cannot join
      const add = mergeable(o) ? charCount(partText(o)) + PART_SEPARATOR.length : Number.POSITIVE_INFINITY;
      if (length + add > this.maxChars) break;
      length += add;
      batch.push(...this.waiting.splice(i, 1));
    }
    return batch;
  }

  private merged(batch: Waiting[]): Outgoing {
    const first = (batch[0] as Waiting).m;
    if (batch.length === 1) return first;
    const mentions = [
      ...new Set(batch.flatMap((w) => ('text' in w.m.reply ? (w.m.reply.mentions ?? []) : []))),
    ].slice(0, MAX_MENTIONS);
    return {
      to: first.to,
      reply: {
        text: batch.map((w) => partText(w.m)).join(PART_SEPARATOR),
        ...(mentions.length ? { mentions } : {}),
      },
      at: first.at,
      ...(first.inReplyTo !== undefined ? { inReplyTo: first.inReplyTo } : {}),
    };
  }

  private async deliver(batch: Waiting[]): Promise<void> {
    const m = this.merged(batch);
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
    for (const w of batch)
      try {
        await w.m.afterSent?.();
      } catch (e) {
        this.log.error(`after-send step failed: ${(e as Error).message}`);
      }
    await this.sleep(this.opts.intervalMs);
  }
}

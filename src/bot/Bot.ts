import { type Transport, UndeliverableError } from '../core/Transport.js';
import type { IncomingMessage, Logger, Outgoing } from '../core/types.js';
import { OutboundQueue, type QueueOptions } from './OutboundQueue.js';
import type { Engine } from './Outlet.js';

/** No pause, no retry wait: for transports that print (console, simulate, tests). */
export const IMMEDIATE: QueueOptions = { intervalMs: 0, attempts: 1, backoffMs: 0, sleep: async () => {} };

/**
 * The engine on a transport: every incoming message is handled one at a time, in arrival order (a
 * check and the change it guards never interleave with another message), and everything the bot
 * says, replies and reminders alike, leaves through one outbound queue.
 */
export class Bot {
  readonly outbox: OutboundQueue;
  private inbox: Promise<unknown> = Promise.resolve();

  constructor(
    readonly engine: Engine,
    readonly transport: Transport,
    private readonly log: Logger,
    queue: QueueOptions = IMMEDIATE,
  ) {
    this.outbox = new OutboundQueue((o) => this.deliver(o), log, queue);
  }

  /** Connects the transport; from then on its messages reach `receive`. */
  start(): Promise<void> {
    return this.transport.start((msg) => this.receive(msg));
  }

  /** Handles one message after those before it; resolves once its replies are sent (or given up). */
  receive(msg: IncomingMessage): Promise<void> {
    const handled = this.inbox.then(() => this.engine.onMessage(msg));
    this.inbox = handled.catch(() => {});
    return handled.then(
      (replies) => this.outbox.push(replies),
      (e) => this.log.error(`message ${msg.id}: ${(e as Error).stack ?? e}`),
    );
  }

  /** Sends the reminders due at `now`; resolves once they are sent (or given up). */
  async sweep(now: number): Promise<void> {
    const purged = this.engine.purgeExports(now);
    if (purged > 0) this.log.info(`exports: deleted ${purged} file(s) past their retention`);
    const due: Outgoing[] = await this.serial(() => this.engine.remindersDue(now));
    if (due.length > 0) {
      this.log.info(`reminders: sending ${due.length} message(s)`);
      await this.outbox.push(due);
    }
  }

  stop(): Promise<void> {
    return this.transport.stop();
  }

  /**
   * Sends one message. One the transport cannot address without risking the wrong recipient goes
   * to nobody, is not retried, and the admins are told (a notice that fails so is only logged).
   */
  private async deliver(o: Outgoing): Promise<void> {
    try {
      await this.transport.send(o);
    } catch (e) {
      if (!(e instanceof UndeliverableError)) throw e;
      if (e.reason === 'missing') {
        this.log.warn(`not sent, no such recipient: ${e.message}`);
        return;
      }
      this.log.error(`not sent, recipient ambiguous: ${e.message}`);
      if (this.notices.has(o)) return;
      const notices = this.engine.adminNotice(
        `【未发送】${e.message}。为免发错对象，机器人没有发送这条消息，请核对后处理。`,
      );
      for (const n of notices) this.notices.add(n);
      void this.outbox.push(notices);
    }
  }

  private readonly notices = new WeakSet<Outgoing>();

  /** Runs `f` in the inbox's order, so a sweep never interleaves with a message being handled. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.inbox.then(f);
    this.inbox = run.catch(() => {});
    return run;
  }
}

import { COMMANDS } from '../commands/index.js';
import type { Command } from '../core/Command.js';
import { type Arrival, type Transport, UndeliverableError } from '../core/Transport.js';
import type { Deps, IncomingMessage, Outgoing } from '../core/types.js';
import { keysWithRole } from '../core/whoIs.js';
import { handleMessage } from './handleMessage.js';
import { type JobLimits, JobRunner } from './JobRunner.js';
import { OutboundQueue, type QueueOptions } from './OutboundQueue.js';
import { Outlet } from './Outlet.js';
import { ReminderRun } from './ReminderRun.js';

/** No pause, no retry wait: for transports that print (console, simulate, tests). */
export const IMMEDIATE: QueueOptions = { intervalMs: 0, attempts: 1, backoffMs: 0, sleep: async () => {} };

const REMEMBERED_IDS = 2000;

export interface BotParts {
  /** the outbound queue's pacing; default: none (console, simulate, tests) */
  queue?: QueueOptions;
  commands?: readonly Command[];
  /** the one-time claim code to print in the terminal, when one is on offer */
  claimCode?: string | null;
  /** the heavy-job queue's limits */
  jobs?: JobLimits;
}

/**
 * The bot on a transport: every incoming message is handled one at a time, in arrival order (a
 * check and the change it guards never interleave with another message), and everything the bot
 * says, replies and reminders alike, leaves through the outlet and one outbound queue.
 */
export class Bot {
  readonly outbox: OutboundQueue;
  readonly outlet: Outlet;
  readonly reminders: ReminderRun;
  /** exports run here, off the message path, delivered in each asker's order */
  readonly jobs: JobRunner;
  readonly commands: readonly Command[];
  readonly claimCode: string | null;
  private inbox: Promise<unknown> = Promise.resolve();
  private readonly seen = new Set<string>();
  private readonly notices = new WeakSet<Outgoing>();

  constructor(
    readonly deps: Deps,
    readonly transport: Transport,
    parts: BotParts = {},
  ) {
    this.commands = parts.commands ?? COMMANDS;
    this.claimCode = parts.claimCode ?? null;
    this.outlet = new Outlet(deps, this.commands);
    this.reminders = new ReminderRun(deps);
    this.outbox = new OutboundQueue((o) => this.deliver(o), deps.log, parts.queue ?? IMMEDIATE);
    this.jobs = new JobRunner(
      (out) => this.outbox.push(out),
      (out) => this.outlet.release(out, deps.clock.now()),
      deps.log,
      parts.jobs,
    );
    deps.jobs = this.jobs;
  }

  /** Connects the transport; from then on its messages reach `receive`. */
  start(): Promise<void> {
    return this.transport.start((msg) => this.receive(msg));
  }

  /**
   * Handles one message after those before it (the one queue: a message still being read is waited
   * for in its turn); resolves once its replies are sent (or given up).
   */
  receive(arrival: Arrival): Promise<void> {
    let id = '?';
    let asker = '';
    const handled = this.serial(async () => {
      const msg = await arrival;
      if (!msg) return [];
      id = msg.id;
      asker = msg.sender.key;
      return this.onMessage(msg);
    });
    return handled.then(
      (replies) => {
        if (asker === '') return this.outbox.push(replies);
        // after the asker's files still being made; then the files this message asked for
        const sent = this.jobs.inOrder(asker, () => replies);
        this.jobs.release(asker, id);
        return sent;
      },
      (e) => this.deps.log.error(`message ${id}: ${(e as Error).stack ?? e}`),
    );
  }

  /**
   * Handles one message. Repeats are dropped here and only here: a recent id gets nothing
   * (transports deliver twice, 企业微信 after each reconnect), nor does one that already made a
   * change before a restart (the store remembers its id).
   */
  async onMessage(msg: IncomingMessage): Promise<Outgoing[]> {
    if (this.seen.has(msg.id) || this.deps.store.handled(msg.id)) {
      this.deps.log.info(`message ${msg.id}: duplicate, skipped`);
      return [];
    }
    this.seen.add(msg.id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    const out = await handleMessage(msg, this.deps, this.commands);
    return this.outlet.release(out, msg.at);
  }

  /** The reminders due at `now` and not yet sent, screened (see ReminderRun). */
  async remindersDue(now: number): Promise<Outgoing[]> {
    return this.outlet.release(await this.reminders.due(now), now);
  }

  /** The next moment a reminder sweep may find something, after `after`. */
  nextReminderAt(after: number): number | null {
    return this.reminders.nextAt(after);
  }

  /** Sends the reminders due at `now`; resolves once they are sent (or given up). */
  async sweep(now: number): Promise<void> {
    const purged = this.outlet.purgeExports(now);
    if (purged > 0) this.deps.log.info(`exports: deleted ${purged} file(s) past their retention`);
    const due: Outgoing[] = await this.serial(() => this.remindersDue(now));
    if (due.length > 0) {
      this.deps.log.info(`reminders: sending ${due.length} message(s)`);
      await this.outbox.push(due);
    }
  }

  stop(): Promise<void> {
    return this.transport.stop();
  }

  /** Finishes the files being made, stops the transport and closes the store. */
  async close(): Promise<void> {
    // a file being made is finished and sent first: its reply already promised it
    await this.jobs.idle();
    await this.stop().catch((e) => this.deps.log.warn(`transport stop: ${(e as Error).message}`));
    await this.deps.store.close();
  }

  /** A private message to every admin (a message the transport could not address, say). */
  adminNotice(text: string): Outgoing[] {
    const { campaign, store, clock } = this.deps;
    return this.outlet.screen(
      keysWithRole(campaign, store.state, 'admin').map((person) => ({
        to: { person },
        reply: { text },
        at: clock.now(),
      })),
    );
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
        this.deps.log.warn(`not sent, no such recipient: ${e.message}`);
        return;
      }
      this.deps.log.error(`not sent, recipient ambiguous: ${e.message}`);
      if (this.notices.has(o)) return;
      const notices = this.adminNotice(
        `【未发送】${e.message}。为免发错对象，机器人没有发送这条消息，请核对后处理。`,
      );
      for (const n of notices) this.notices.add(n);
      void this.outbox.push(notices);
    }
  }

  /** Runs `f` in the inbox's order, so a sweep never interleaves with a message being handled. */
  private serial<T>(f: () => Promise<T>): Promise<T> {
    const run = this.inbox.then(f);
    this.inbox = run.catch(() => {});
    return run;
  }
}

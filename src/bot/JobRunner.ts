import type { HeavyJob, JobQueue } from '../core/JobQueue.js';
import type { Logger, Outgoing } from '../core/types.js';

export interface JobLimits {
  /** jobs waiting or running at once, for everybody (default 8) */
  maxQueued?: number;
  /** above this estimate the asker is told how long it will take (default 3000 ms) */
  slowMs?: number;
  /** runs before each job's work: a test holds a job here to send messages while it "runs" */
  beforeWork?: (job: HeavyJob) => Promise<void>;
  /**
   * a job still running after this long is given up (default 10 minutes): its asker is told no
   * file was made and the queue moves on, so one hung job cannot hold every later file and the
   * asker's later replies
   */
  timeoutMs?: number;
  /** starts the time limit's timer and returns its cancel (default setTimeout); a test fires it by hand */
  startTimer?: (ms: number, fire: () => void) => () => void;
}

function realTimer(ms: number, fire: () => void): () => void {
  const t = setTimeout(fire, ms);
  t.unref();
  return () => clearTimeout(t);
}

/** Ten minutes: a province's 附件1 takes well under a minute; anything still running is stuck. */
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Thrown into a job's failure path when it ran past its time. */
export class JobTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} still running after ${ms} ms: given up`);
  }
}

/** How long a kind of job took last time, for the estimate: first guess 2 s. */
const FIRST_GUESS_MS = 2000;

/**
 * Runs heavy jobs one after another, off the message path: a message that asks for one is answered
 * at once, the messages after it are handled while the file is made, and the file goes out after
 * the asker's replies that came before it and before those that come after (each asker's messages
 * are delivered through one chain). A job that fails yields its one reply; nothing is thrown.
 */
export class JobRunner implements JobQueue {
  private readonly waiting: HeavyJob[] = [];
  private readonly results = new Map<string, Promise<Outgoing[]>[]>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly askers = new Set<string>();
  private readonly took = new Map<string, number>();
  private pump: Promise<void> = Promise.resolve();
  private open = 0;

  constructor(
    /** sends messages already screened (the outbound queue) */
    private readonly deliver: (out: Outgoing[]) => Promise<void>,
    /** screens a job's replies (the outlet), when they are ready */
    private readonly screen: (out: Outgoing[]) => Outgoing[],
    private readonly log: Logger,
    private readonly limits: JobLimits = {},
  ) {}

  submit(job: HeavyJob): { accepted: boolean; say: string | null } {
    if (this.askers.has(job.asker))
      return { accepted: false, say: '您的上一个文件还在生成，发出后再要下一个。' };
    if (this.open >= (this.limits.maxQueued ?? 8))
      return { accepted: false, say: '正在生成的文件较多，请过几分钟再试。' };
    const estimate = [...this.waiting, job].reduce(
      (ms, j) => ms + (this.took.get(j.what) ?? FIRST_GUESS_MS),
      0,
    );
    this.askers.add(job.asker);
    this.open++;
    this.waiting.push(job);
    const result = new Promise<Outgoing[]>((resolve) => {
      this.pump = this.pump.then(async () => {
        this.waiting.splice(this.waiting.indexOf(job), 1);
        resolve(await this.run(job));
      });
    });
    this.results.set(job.msgId, [...(this.results.get(job.msgId) ?? []), result]);
    const slow = estimate > (this.limits.slowMs ?? 3000);
    return {
      accepted: true,
      say: slow ? `正在生成${job.what}，约 ${Math.ceil(estimate / 1000)} 秒，好了就发给您。` : null,
    };
  }

  /** Delivers `out` in the asker's order: after everything of theirs delivered or promised before it. */
  inOrder(asker: string, out: () => Promise<Outgoing[]> | Outgoing[]): Promise<void> {
    const link = (this.chains.get(asker) ?? Promise.resolve())
      .then(async () => this.deliver(await out()))
      .catch((e) => this.log.error(`delivery for ${asker}: ${(e as Error).stack ?? e}`));
    this.chains.set(asker, link);
    void link.then(() => {
      if (this.chains.get(asker) === link) this.chains.delete(asker);
    });
    return link;
  }

  /** Chains the jobs message `msgId` asked for after its own replies (call once they are chained). */
  release(asker: string, msgId: string): void {
    const jobs = this.results.get(msgId);
    if (!jobs) return;
    this.results.delete(msgId);
    for (const r of jobs) void this.inOrder(asker, async () => this.screen(await r));
  }

  /** Resolves once every job taken so far has run and everything chained is delivered. */
  async idle(): Promise<void> {
    for (;;) {
      const chains = [...this.chains.values()];
      await this.pump;
      await Promise.all(chains);
      if (this.open === 0 && this.chains.size === 0) return;
    }
  }

  private async run(job: HeavyJob): Promise<Outgoing[]> {
    const started = performance.now();
    try {
      const out = await this.withinTime(job, async (givenUp) => {
        await this.limits.beforeWork?.(job);
        return job.work(givenUp);
      });
      const ms = Math.round(performance.now() - started);
      this.took.set(job.what, Math.max(1, ms));
      this.log.info(`job ${job.what} for message ${job.msgId}: done in ${ms} ms`);
      return out;
    } catch (e) {
      return job.failed(e);
    } finally {
      this.askers.delete(job.asker);
      this.open--;
    }
  }

  /**
   * Runs `work`, or rejects with JobTimeoutError once the time limit passes and aborts the signal
   * `work` was given: what it still returns after that is ignored, and what it would still leave
   * behind it must not (a preview to confirm, say).
   */
  private withinTime(
    job: HeavyJob,
    work: (givenUp: AbortSignal) => Promise<Outgoing[]>,
  ): Promise<Outgoing[]> {
    const ms = this.limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const givenUp = new AbortController();
    let cancel = () => {};
    const late = new Promise<never>((_, reject) => {
      cancel = (this.limits.startTimer ?? realTimer)(ms, () => {
        givenUp.abort();
        reject(new JobTimeoutError(job.what, ms));
      });
    });
    return Promise.race([work(givenUp.signal), late]).finally(() => cancel());
  }
}

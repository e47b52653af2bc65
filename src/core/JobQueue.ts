import type { Outgoing } from './types.js';

/** Work too heavy for the message path (an export), handed over by the message that asked for it. */
export interface HeavyJob {
  /** who asked (their key): at most one heavy job each, and their later replies wait for its file */
  asker: string;
  /** the message that asked: its own replies go out before the job's */
  msgId: string;
  /** what is made, for the "正在生成" reply and the logs (`附件1 隐患台账`) */
  what: string;
  /** makes the file; its replies, addressed. `givenUp` is aborted once the job is past its time limit: its asker was told it failed, so it must leave nothing behind */
  work(givenUp: AbortSignal): Promise<Outgoing[]>;
  /** the one reply a failure of `work` gets (logged by it) */
  failed(e: unknown): Outgoing[];
}

/**
 * Where heavy work goes (`bot/JobRunner.ts`): run after the messages before it are answered, while
 * the next ones are, and delivered in order with the asker's later replies.
 */
export interface JobQueue {
  /** Takes the job, or refuses it; returns what to tell the asker now (a refusal, or how long it will take), or null. */
  submit(job: HeavyJob): { accepted: boolean; say: string | null };
}

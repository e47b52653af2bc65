import type { HeavyJob } from '../core/JobQueue.js';
import type { Deps, IncomingMessage, Outgoing, Reply } from '../core/types.js';
import { UserError } from '../core/UserError.js';

/** Heavy work a command handed over with `ctx.later`. */
export interface Later {
  what: string;
  work: (givenUp: AbortSignal) => Promise<Reply[]>;
}

/**
 * Gives each piece of heavy work to the job queue (it runs off the message path) and returns what
 * the asker is told now, and whether the queue refused it (then the command's own reply, which
 * announces the file, is not sent); without a queue it runs here, in the message's turn. A failure is one
 * reply saying no file was made, never a claim about records (the work changes none).
 */
export async function handOver(
  laters: readonly Later[],
  msg: IncomingMessage,
  deps: Deps,
  send: (replies: Reply[]) => Outgoing[],
): Promise<{ now: Outgoing[]; refused: boolean }> {
  const now: Outgoing[] = [];
  let refused = false;
  for (const { what, work } of laters) {
    const failed = (e: unknown): Outgoing[] => {
      if (e instanceof UserError) return send([{ text: e.message }]);
      deps.log.error(`message ${msg.id}: making ${what} failed: ${(e as Error).stack ?? e}`);
      return send([
        { text: `生成${what}时出错，没有生成文件（编号 ${msg.id}）。请稍后重试，或联系管理员。` },
      ]);
    };
    const job: HeavyJob = {
      asker: msg.sender.key,
      msgId: msg.id,
      what,
      work: async (givenUp) => send(await work(givenUp)),
      failed,
    };
    if (!deps.jobs) {
      now.push(...(await job.work(new AbortController().signal).catch(failed)));
      continue;
    }
    const { accepted, say } = deps.jobs.submit(job);
    if (!accepted) refused = true;
    if (say) now.push(...send([{ text: say }]));
  }
  return { now, refused };
}

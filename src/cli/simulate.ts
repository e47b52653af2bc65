import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { isoAt } from '../domain/dates.js';
import { stderrLogger } from '../engine/logger.js';
import { openApp } from '../engine/openApp.js';
import type { Outgoing } from '../engine/types.js';
import { fail, filesDirOrTemp, parseCliOptions } from './options.js';

/** One transcript line (interfaces.md). */
interface Line {
  at: string;
  room?: string;
  from?: string;
  text?: string;
  tick?: boolean;
  mentionsBot?: boolean;
}

/** The JSON Lines output of interfaces.md. */
export function toJsonLine(o: Outgoing): string {
  const where = 'room' in o.to ? { room: o.to.room } : { to: o.to.person };
  const body =
    'file' in o.reply ? { file: o.reply.file } : { text: o.reply.text, mentions: o.reply.mentions ?? [] };
  return JSON.stringify({ at: isoAt(o.at), ...where, ...body });
}

function parseLine(raw: string, n: number): Line {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new Error(`transcript line ${n}: not JSON`);
  }
  const l = v as Line;
  if (typeof l !== 'object' || l === null || typeof l.at !== 'string' || Number.isNaN(Date.parse(l.at)))
    throw new Error(`transcript line ${n}: "at" must be an ISO 8601 time`);
  if (!l.tick && (typeof l.from !== 'string' || typeof l.text !== 'string'))
    throw new Error(`transcript line ${n}: a message needs "from" and "text" (or "tick": true)`);
  return l;
}

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const path = opts.rest[0];
  if (!path)
    throw Object.assign(
      new Error(
        '用法：npm run --silent simulate -- [--campaign FILE] [--data DIR] [--files DIR] TRANSCRIPT.jsonl',
      ),
      { name: 'UsageError' },
    );
  const log = stderrLogger();
  let now = 0;
  const app = await openApp({
    campaignPath: opts.campaign,
    dataDir: opts.data,
    filesDir: filesDirOrTemp(opts.files),
    clock: { now: () => now },
    log,
  });
  // Print, then let the message stamp itself sent: the order every transport follows.
  const deliver = async (o: Outgoing) => {
    process.stdout.write(`${toJsonLine(o)}\n`);
    await o.afterSent?.();
  };
  let started = false;
  try {
    const input = path === '-' ? process.stdin : createReadStream(path, 'utf8');
    let n = 0;
    for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
      n++;
      if (raw.trim() === '') continue;
      const line = parseLine(raw, n);
      const at = Date.parse(line.at);
      if (!started) {
        // The bot starts at the first line: catch up on what fell due while it was not running.
        started = true;
        now = at;
        for (const o of await app.engine.remindersDue(now)) await deliver(o);
      }
      await app.engine.advanceTo(
        at,
        (t) => {
          now = t;
        },
        deliver,
      );
      now = Math.max(now, at);
      if (line.tick) continue;
      const replies = await app.engine.onMessage({
        id: `line-${n}`,
        room: line.room ?? null,
        sender: line.from ?? '',
        text: line.text ?? '',
        mentionsBot: line.mentionsBot === true,
        at,
      });
      for (const r of replies) await deliver(r);
    }
  } finally {
    await app.close();
  }
}

main().catch(fail);

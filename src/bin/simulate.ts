import { createReadStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { stderrLogger } from '../app/logger.js';
import { openApp } from '../app/openApp.js';
import { VirtualClock } from '../app/VirtualClock.js';
import type { Outgoing } from '../core/types.js';
import { isoAt } from '../domain/dates.js';
import { fileAttachment, LocalTransport } from '../transports/LocalTransport.js';
import { fail, filesDirOrTemp, parseCliOptions, UsageError } from './options.js';

/** One transcript line (interfaces.md). */
interface Line {
  at: string;
  room?: string;
  from?: string;
  /** the display name (a label only; default: `from`) */
  name?: string;
  text?: string;
  tick?: boolean;
  mentionsBot?: boolean;
  /** a file to send as a photo or document (path), with or without `text` */
  attach?: string;
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
  if (l.attach !== undefined && typeof l.attach !== 'string')
    throw new Error(`transcript line ${n}: "attach" must be a file path`);
  if (!l.tick && (typeof l.from !== 'string' || (typeof l.text !== 'string' && !l.attach)))
    throw new Error(`transcript line ${n}: a message needs "from" and "text" or "attach" (or "tick": true)`);
  return l;
}

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const path = opts.rest[0];
  if (!path)
    throw new UsageError(
      '用法：npm run --silent simulate -- [--campaign FILE] [--data DIR] [--files DIR] TRANSCRIPT.jsonl',
    );
  const log = stderrLogger();
  const clock = new VirtualClock();
  const filesDir = filesDirOrTemp(opts.files);
  // The bot deletes its exports once delivered; what a recipient received is kept under received/.
  const transport = new LocalTransport(
    (o) => {
      process.stdout.write(`${toJsonLine(o)}\n`);
    },
    join(filesDir, 'received'),
  );
  // Without --data, a fresh temp folder: a trial run never writes into the live data/ store.
  let dataDir = opts.flags.get('data');
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), 'jiaozheng-simulate-'));
    process.stderr.write(`data: ${dataDir}（临时数据目录；用 --data 目录 指定真实数据）\n`);
  }
  const app = await openApp({
    campaign: opts.campaign,
    dataDir,
    filesDir,
    transport,
    clock,
    log,
  });
  await app.bot.start();
  let started = false;
  // Message ids are remembered across restarts (a redelivered message changes nothing), so each run's ids are its own.
  const run = `${Date.now().toString(36)}${process.pid.toString(36)}`;
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
        clock.set(at);
        await app.bot.sweep(at);
      }
      await clock.advance(at, app.bot);
      if (line.tick) continue;
      await transport.inject({
        id: `${run}-line-${n}`,
        room: line.room ?? null,
        sender: { key: line.from ?? '', name: line.name ?? line.from ?? '' },
        text: line.text ?? '',
        mentionsBot: line.mentionsBot === true,
        at,
        ...(line.attach ? { attachment: fileAttachment(line.attach) } : {}),
      });
    }
  } finally {
    await app.close();
  }
}

main().catch(fail);

import { createReadStream, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createBot } from '../bot/createBot.js';
import { stderrLogger } from '../bot/logger.js';
import { VirtualClock } from '../bot/VirtualClock.js';
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
    throw new UsageError(
      `对话文件第 ${n} 行不是有效的 JSON（每行一条消息，例如 {"at": "2022-08-05T09:00:00+08:00", "from": "张敏", "text": "#进度"}）。`,
    );
  }
  const l = v as Line;
  if (typeof l !== 'object' || l === null || typeof l.at !== 'string' || Number.isNaN(Date.parse(l.at)))
    throw new UsageError(`对话文件第 ${n} 行的 "at" 应为时间，例如 "2022-08-05T09:00:00+08:00"。`);
  if (l.attach !== undefined && typeof l.attach !== 'string')
    throw new UsageError(`对话文件第 ${n} 行的 "attach" 应为文件路径。`);
  if (!l.tick && (typeof l.from !== 'string' || (typeof l.text !== 'string' && !l.attach)))
    throw new UsageError(
      `对话文件第 ${n} 行缺少内容：一条消息要有 "from"（谁发的）和 "text"（内容）或 "attach"（文件），或写 "tick": true 只让时间走到 "at"。`,
    );
  return l;
}

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const path = opts.rest[0];
  if (!path)
    throw new UsageError(
      '用法：npm run --silent simulate -- [--campaign FILE] [--data DIR] [--files DIR] TRANSCRIPT.jsonl',
    );
  if (path !== '-' && !existsSync(path))
    throw new UsageError(`找不到对话文件 ${path}（每行一条 JSON 消息；用 - 从标准输入读）。`);
  const clock = new VirtualClock();
  const log = stderrLogger(undefined, () => clock.now());
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
    process.stderr.write(`数据目录：${dataDir}（临时；用 --data 目录 指定真实数据）\n`);
  }
  const bot = await createBot({
    campaign: opts.campaign,
    dataDir,
    filesDir,
    transport,
    clock,
    log,
  });
  await bot.start();
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
        await bot.sweep(at);
      }
      await clock.advance(at, bot);
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
      // a transcript is a script: a file asked for arrives before the next line is read
      await bot.jobs.idle();
    }
  } finally {
    await bot.close();
  }
}

main().catch(fail);

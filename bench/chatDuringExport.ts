/**
 * What a caseworker feels while a supervisor's 附件1 is made, and the floors that work stands on:
 * - a supervisor asks `#导出 台账` privately through the bot's real path (the job queue); from then
 *   until the file is delivered a caseworker sends `#走访 1` every `everyMs`: each latency runs from
 *   the moment the message was due (a timer, so time the event loop was held counts) to its reply
 *   sent;
 * - floors: `JSON.parse` of the snapshot the bot opened (each of its lines, read and decoded beforehand), exceljs's streaming writer writing the same
 *   rows bare (no styles, no heights), one journal-sized line appended and fsynced.
 */
import { appendFileSync, closeSync, fsyncSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Bot } from '../src/bot/Bot.js';
import type { Campaign } from '../src/config/campaign.js';
import type { Outgoing } from '../src/core/types.js';
import type { State } from '../src/store/state.js';
import { memberOf } from './profile.js';

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

export interface ChatDuringExport {
  /** from the ask to the file delivered */
  fileMs: number;
  sent: number;
  p50: number;
  p99: number;
  max: number;
  /** peak RSS sampled while the file was made, MB */
  peakRss: number;
}

/** `#导出 台账` by the supervisor, `#走访 1` every `everyMs` until its file is out. */
export async function chatDuringExport(
  bot: Bot,
  out: Outgoing[],
  clock: { advance(): number },
  everyMs = Number(process.env.BENCH_CHAT_EVERY_MS ?? 50),
): Promise<ChatDuringExport> {
  const units = bot.deps.campaign.units.length;
  const group = bot.deps.campaign.groups[0]?.key as string;
  const hasFile = () => out.some((o) => 'file' in o.reply && o.reply.form === 'hazards');
  const latencies: number[] = [];
  let peak = 0;
  const t0 = performance.now();
  const asked = bot.receive({
    id: 'bench-export',
    room: null,
    sender: { key: '王科长', name: '王科长' },
    text: '#导出 台账',
    mentionsBot: false,
    at: clock.advance(),
  });
  let i = 0;
  const pending: Promise<void>[] = [];
  while (!hasFile()) {
    const due = t0 + (i + 1) * everyMs;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    peak = Math.max(peak, process.memoryUsage().rss);
    if (hasFile()) break;
    const n = i++;
    const u = n % units;
    pending.push(
      bot
        .receive({
          id: `bench-visit-${n}`,
          room:
            bot.deps.campaign.groups.find((g) => g.units.includes(bot.deps.campaign.units[u] as string))
              ?.key ?? group,
          sender: { key: memberOf(u), name: memberOf(u) },
          text: '#走访 1',
          mentionsBot: false,
          at: clock.advance(),
        })
        .then(() => void latencies.push(performance.now() - due)),
    );
  }
  const fileMs = performance.now() - t0;
  await Promise.all([asked, ...pending]);
  return {
    fileMs,
    sent: latencies.length,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    max: Math.max(0, ...latencies),
    peakRss: Math.round(peak / 1048576),
  };
}

export interface Floors {
  jsonParseMs: number;
  /** exceljs streaming writer, the same sheets and rows as 附件1, bare */
  bareXlsxMs: number;
  appendFsyncP50: number;
}

/** The floors under start-up, 附件1 and a command, on this profile's data. */
export async function floors(
  snapshotPath: string,
  state: State,
  campaign: Campaign,
  dir: string,
): Promise<Floors> {
  // the snapshot is a file of lines (snapshotLines.ts): the floor parses each, already read and decoded
  const lines = readFileSync(snapshotPath, 'utf8').split('\n');
  let t = performance.now();
  for (const line of lines) if (line !== '') JSON.parse(line);
  const jsonParseMs = performance.now() - t;
  lines.length = 0;

  const { default: ExcelJS } = await import('exceljs');
  const path = join(dir, 'bare.xlsx');
  t = performance.now();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  });
  const row = (h: State['hazards'][number], n: number) => [
    n,
    h.category,
    h.situation,
    h.measure,
    h.department,
    h.owner,
    h.deadline ? new Date(`${h.deadline}T00:00:00Z`) : null,
    h.status,
  ];
  const live = state.hazards.filter((h) => !h.withdrawn);
  const all = wb.addWorksheet('全部单位');
  for (const [i, h] of live.entries()) all.addRow(row(h, i + 1)).commit();
  all.commit();
  const byUnit = new Map<string, State['hazards']>(campaign.units.map((u) => [u, []]));
  for (const h of live) byUnit.get(h.unit)?.push(h);
  for (const [unit, list] of byUnit) {
    const ws = wb.addWorksheet(unit.slice(0, 28));
    for (const [i, h] of list.entries()) ws.addRow(row(h, i + 1)).commit();
    ws.commit();
  }
  await wb.commit();
  const bareXlsxMs = performance.now() - t;
  rmSync(path, { force: true });

  const journal = join(dir, 'floor.jsonl');
  const line = `${JSON.stringify({ type: 'figure', unit: campaign.units[0], report: { kind: 'add', item: '走访', n: 1 } })}\n`;
  const times: number[] = [];
  const fd = openSync(journal, 'a');
  for (let k = 0; k < 50; k++) {
    t = performance.now();
    appendFileSync(fd, line);
    fsyncSync(fd);
    times.push(performance.now() - t);
  }
  closeSync(fd);
  rmSync(journal, { force: true });
  return { jsonParseMs, bareXlsxMs, appendFsyncP50: pct(times, 50) };
}

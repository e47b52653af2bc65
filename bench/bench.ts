/**
 * `npm run bench`: what users would feel, on realistic data (bench/profile.ts), each profile in a
 * fresh child process so RSS is the bot's own:
 * - start-up from process spawn to ready (imports, store, bot, indexes), RSS at ready;
 * - commands through the real pipeline, enough writes that the store folds its journal inside the
 *   timer (p50/p99/max), RSS after;
 * - the 09:00 sweep (time, largest message, most @-mentions) and the later minute sweeps;
 * - 附件1 for every unit;
 * - 28 people sending at once through the real Wechaty (puppet-mock) with the production queue.
 * Prints Markdown; docs/BENCHMARKS.md quotes it. BENCH_PROFILES=district,city narrows a run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBot } from '../src/bot/createBot.js';
import { LIVE_QUEUE } from '../src/bot/OutboundQueue.js';
import type { Outgoing } from '../src/core/types.js';
import { exportForm } from '../src/reports/forms.js';
import { SNAPSHOT_FILE } from '../src/store/Store.js';
import { LocalTransport } from '../src/transports/LocalTransport.js';
import { charCount, MAX_OUTGOING_CHARS } from '../src/views/messageLimit.js';
import {
  type GeneratedChange,
  generate,
  memberOf,
  PROFILES,
  type Profile,
  profileCampaign,
  writeStore,
} from './profile.js';

const SELF = fileURLToPath(import.meta.url);
const silent = { info() {}, warn() {}, error() {} };
const mb = () => Math.round(process.memoryUsage().rss / 1048576);
const ms = (x: number) => x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0);
function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}
const profileOf = (name: string): Profile => {
  const p = PROFILES[name] as Profile;
  const records = Number(process.env[`BENCH_${name.toUpperCase()}_RECORDS`] ?? p.records);
  return { ...p, records };
};

/** Child: writes the profile's store into `dir`. */
async function childGenerate(name: string, dir: string): Promise<void> {
  const p = profileOf(name);
  const history: GeneratedChange[] = [];
  const state = generate(p.records, profileCampaign(p), 1, (c) => history.push(c));
  await writeStore(join(dir, 'data'), state, history);
  process.stdout.write(`${JSON.stringify({ records: state.seq, hazards: state.hazards.length })}\n`);
}

/** Child: opens the bot, says ready, then runs the commands and the sweeps. */
async function childRun(name: string, dir: string): Promise<void> {
  const p = profileOf(name);
  const campaign = profileCampaign(p);
  let now = Date.parse('2022-08-20T10:00:00+08:00');
  const out: Outgoing[] = [];
  const bot = await createBot({
    campaign,
    dataDir: join(dir, 'data'),
    filesDir: join(dir, 'files'),
    transport: new LocalTransport((o) => void out.push(o)),
    clock: { now: () => now },
    log: silent,
  });
  await bot.start();
  process.stdout.write(`ready ${mb()}\n`);
  const { deps } = bot;
  const state = deps.store.state;
  const hazards = state.hazards.length;
  const commands = Number(process.env.BENCH_COMMANDS ?? 1500);
  const mix: [string, (i: number) => string, boolean][] = [
    ['#走访 1', () => '#走访 1', true],
    [
      '#隐患',
      (i) => `#隐患\n类别：二.4\n情况：矫正对象请假超时未销假，已约谈${i}\n措施：约谈训诫\n时限：9月5日`,
      true,
    ],
    [
      '#整改',
      (i) => {
        const h = state.hazards[(i * 7919) % hazards];
        return `#整改 H${h?.id} ${h?.status === '整改中' ? '未整改' : '整改中'}`;
      },
      true,
    ],
    ['#台账', () => '#台账', false],
    ['#进度', () => '#进度', false],
    ['#我', () => '#我', false],
  ];
  // two writes for every read: 1,000 changes fold the journal, so folds happen inside the timer
  const order = [0, 1, 2, 3, 0, 1, 2, 4, 0, 2, 5];
  const per: Record<string, number[]> = Object.fromEntries(mix.map(([k]) => [k, []]));
  const all: number[] = [];
  const group = campaign.groups[0]?.key as string;
  const t0 = performance.now();
  for (let i = 0; i < commands; i++) {
    const [label, make] = mix[order[i % order.length] as number] as (typeof mix)[number];
    const text = make(i);
    const target = label === '#整改' ? state.hazards[Number(/H(\d+)/.exec(text)?.[1]) - 1]?.unit : undefined;
    const u = target ? campaign.units.indexOf(target) : i % campaign.units.length;
    const room = campaign.groups.find((g) => g.units.includes(campaign.units[u] as string))?.key ?? group;
    await new Promise((r) => setImmediate(r));
    now += 1000;
    const t = performance.now();
    const r = await bot.onMessage({
      id: `b${i}`,
      room,
      sender: { key: memberOf(u), name: memberOf(u) },
      text,
      mentionsBot: false,
      at: now,
    });
    const dt = performance.now() - t;
    if (r.length === 0) throw new Error(`no reply to ${label}`);
    per[label]?.push(dt);
    all.push(dt);
  }
  const elapsed = performance.now() - t0;
  const rssAfterCommands = mb();
  // the 09:00 sweep of a busy day (all three forms nag, hazards due), then the minutes after
  const sweepAt = async (iso: string) => {
    now = Date.parse(iso);
    const t = performance.now();
    const due = await bot.remindersDue(now);
    const dt = performance.now() - t;
    for (const o of due) await o.afterSent?.();
    return { dt, due };
  };
  await sweepAt('2022-09-05T08:59:00+08:00');
  const nine = await sweepAt('2022-09-05T09:00:00+08:00');
  const texts = nine.due.map((o) => ('text' in o.reply ? o.reply : { text: '', mentions: [] }));
  const later: number[] = [];
  for (let m = 1; m <= 30; m++)
    later.push((await sweepAt(`2022-09-05T09:${String(m).padStart(2, '0')}:00+08:00`)).dt);
  const rssAfterSweep = mb();
  let peakForm1 = 0;
  const sample = setInterval(() => {
    peakForm1 = Math.max(peakForm1, mb());
  }, 20);
  const t1 = performance.now();
  await exportForm('hazards', state, campaign, join(dir, 'files'), { reporter: 'bench', now });
  const form1 = performance.now() - t1;
  clearInterval(sample);
  // right after the file, before the chat and the floors (which parse the whole snapshot in this process)
  const rssAfterForm1 = mb();
  const rssBeforeChat = rssAfterForm1;
  // loaded only now: what the bench alone needs stays out of the start-up it times
  const { chatDuringExport, floors } = await import('./chatDuringExport.js');
  const chat = await chatDuringExport(bot, out, { advance: () => (now += 1000) });
  const floor = await floors(join(dir, 'data', SNAPSHOT_FILE), state, campaign, dir);
  const summary = {
    commands,
    throughput: (commands / elapsed) * 1000,
    p50: pct(all, 50),
    p99: pct(all, 99),
    max: Math.max(...all),
    per: Object.fromEntries(
      Object.entries(per).map(([k, xs]) => [k, [pct(xs, 50), pct(xs, 99), Math.max(...xs)]]),
    ),
    rssAfterCommands,
    sweep9: nine.dt,
    sweepMessages: nine.due.length,
    largest: Math.max(0, ...texts.map((t) => charCount(t.text))),
    mostMentions: Math.max(0, ...texts.map((t) => t.mentions?.length ?? 0)),
    laterMax: Math.max(...later),
    laterP50: pct(later, 50),
    rssAfterSweep,
    form1,
    rssAfterForm1,
    peakForm1,
    rssBeforeChat,
    chat,
    floor,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  await bot.close();
}

/** Child: 28 people in one group send #走访 at the same moment, through Wechaty with the production queue. */
async function childBurst(dir: string): Promise<void> {
  const { WechatyBuilder } = await import('wechaty');
  const { mock, PuppetMock } = await import('wechaty-puppet-mock');
  const { WechatyTransport } = await import('../src/transports/wechatyTransport.js');
  const p = profileOf('district');
  const base = profileCampaign({ ...p, units: 28, unitsPerGroup: 28 });
  // everyone on the roster by the remark tag the bot would have written when they were approved
  const tagOf = (i: number) => `jz:${i.toString(16).padStart(16, '0')}`;
  const campaign = {
    ...base,
    people: base.units.map((unit, i) => ({ key: tagOf(i), name: memberOf(i), unit })),
  };
  const mocker = new mock.Mocker();
  const wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
  const bot = await createBot({
    campaign,
    dataDir: join(dir, 'data'),
    filesDir: join(dir, 'files'),
    transport: new WechatyTransport(wechaty, silent),
    clock: { now: Date.now },
    log: silent,
    queue: LIVE_QUEUE,
  });
  await bot.start();
  const me = mocker.createContact({ name: 'bot' });
  mocker.login(me);
  const people = campaign.units.map((_, i) => mocker.createContact({ name: memberOf(i), alias: tagOf(i) }));
  const room = mocker.createRoom({
    topic: campaign.groups[0]?.key as string,
    memberIdList: [me.id, ...people.map((c) => c.id)],
  });
  let said = 0;
  let answered = 0;
  (room as unknown as NodeJS.EventEmitter).on(
    'message',
    (m: { talker(): { id: string }; text(): string }) => {
      if (m.talker().id !== me.id) return;
      said++;
      // a merged message holds one part per sender, each starting with @name
      answered += m.text().split(/\n\n(?=@wx_)/).length;
    },
  );
  const t = performance.now();
  for (const c of people) c.say('#走访 1').to(room);
  let last = 0;
  const limit = Date.now() + 60_000;
  while (answered < 28 && Date.now() < limit) {
    await new Promise((r) => setTimeout(r, 5));
    last = performance.now() - t;
  }
  process.stdout.write(`${JSON.stringify({ lastReplyMs: last, messages: said, answered })}\n`);
  await bot.close();
  process.exit(0);
}

function runChild(args: string[]): Promise<{ lines: string[]; ms: number; readyMs: number | null }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    let readyMs: number | null = null;
    const child = spawn(process.execPath, ['--expose-gc', SELF, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      if (readyMs === null && /^ready /m.test(buf)) readyMs = performance.now() - t;
    });
    child.on('exit', (code) =>
      code === 0
        ? resolve({ lines: buf.trim().split('\n'), ms: performance.now() - t, readyMs })
        : reject(new Error(`child ${args.join(' ')} exited ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const names = (process.env.BENCH_PROFILES ?? 'district,city,province').split(',');
  const w = (s: string) => process.stdout.write(s);
  w(
    `# Benchmark\n\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average at start ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n\n`,
  );
  const rows: string[] = [];
  const cmdRows: string[] = [];
  const chatRows: string[] = [];
  for (const name of names) {
    const p = profileOf(name);
    process.stderr.write(`${name}: generating ${p.records} records…\n`);
    const dir = mkdtempSync(join(tmpdir(), `bench-${name}-`));
    const gen = JSON.parse((await runChild(['--generate', name, dir])).lines.at(-1) as string);
    process.stderr.write(`${name}: running…\n`);
    const run = await runChild(['--run', name, dir]);
    const readyRss = Number(run.lines.find((l) => l.startsWith('ready '))?.split(' ')[1]);
    const r = JSON.parse(run.lines.at(-1) as string);
    rmSync(dir, { recursive: true, force: true });
    rows.push(
      `| ${name} | ${p.units.toLocaleString('en')} units, ${Math.ceil(p.units / p.unitsPerGroup)} group(s) | ${gen.records.toLocaleString('en')} | ${ms(run.readyMs ?? 0)} ms | ${readyRss} MB | ${r.rssAfterCommands} / ${r.peakForm1} / ${r.rssAfterForm1} MB | ${ms(r.p50)} / ${ms(r.p99)} / ${ms(r.max)} ms | ${ms(r.sweep9)} ms | ${r.sweepMessages} msgs, ≤ ${r.largest} chars, ≤ ${r.mostMentions} @ | ${ms(r.laterP50)} / ${ms(r.laterMax)} ms | ${ms(r.form1)} ms |`,
    );
    chatRows.push(
      `| ${name} | ${ms(r.chat.fileMs)} ms | ${r.chat.sent} | ${ms(r.chat.p50)} / ${ms(r.chat.p99)} / ${ms(r.chat.max)} ms | ${readyRss} / ${r.rssBeforeChat} / ${r.chat.peakRss} MB | ${ms(r.floor.jsonParseMs)} ms | ${ms(r.floor.bareXlsxMs)} ms | ${ms(r.floor.appendFsyncP50)} ms | ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')} |`,
    );
    for (const [k, v] of Object.entries(r.per as Record<string, number[]>))
      cmdRows.push(`| ${name} | ${k} | ${v.map(ms).join(' / ')} |`);
  }
  w(
    `## Profiles (each in fresh processes; ${process.env.BENCH_COMMANDS ?? 1500} commands, two writes per read, so the journal folds inside the timer)\n\n`,
  );
  w(
    '| profile | units | records | start-up (spawn → ready) | RSS at ready | RSS after commands / peak while 附件1 is made / after | command p50 / p99 / max | 09:00 sweep | its messages | later minute sweeps p50 / max (30) | 附件1 all units |\n|---|---|---|---|---|---|---|---|---|---|---|\n',
  );
  w(`${rows.join('\n')}\n\n`);
  w(
    `Message size limit: ${MAX_OUTGOING_CHARS} characters.\n\n## Per command (p50 / p99 / max, ms)\n\n| profile | command | ms |\n|---|---|---|\n${cmdRows.join('\n')}\n\n`,
  );
  w(
    `## Chat while 附件1 is made (a #走访 due every ${process.env.BENCH_CHAT_EVERY_MS ?? 50} ms from the ask until the file is delivered), and the floors\n\n| profile | 附件1 ask → file delivered | #走访 sent meanwhile | their latency p50 / p99 / max | RSS at ready / before / peak while made | floor: JSON.parse of the snapshot | floor: exceljs streaming, same rows bare | floor: append + fsync p50 | load average (1/5/15 min) at the end |\n|---|---|---|---|---|---|---|---|---|\n${chatRows.join('\n')}\n\n`,
  );
  process.stderr.write('burst through Wechaty…\n');
  const dir = mkdtempSync(join(tmpdir(), 'bench-burst-'));
  const b = JSON.parse((await runChild(['--burst', dir])).lines.at(-1) as string);
  rmSync(dir, { recursive: true, force: true });
  w(
    `## 28 people at once through Wechaty (puppet-mock), production queue (${LIVE_QUEUE.intervalMs} ms between messages)\n\nlast reply after ${ms(b.lastReplyMs)} ms, in ${b.messages} message(s); ${b.answered}/28 answered\n`,
  );
  const { summaryBench } = await import('./summaryBench.js');
  w(`\n${await summaryBench(names.filter((n) => n !== 'province'))}`);
  process.stderr.write('#导入 of 2,000 rows…\n');
  const { importBenchSection } = await import('./importBench.js');
  w(`\n${await importBenchSection()}`);
}

const [mode, a, b] = process.argv.slice(2);
const job =
  mode === '--generate'
    ? childGenerate(a as string, b as string)
    : mode === '--run'
      ? childRun(a as string, b as string)
      : mode === '--burst'
        ? childBurst(a as string)
        : main();
job.catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

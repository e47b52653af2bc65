/**
 * `npm run bench`: the store and the pipeline at 1k, 10k and 100k records, side by side with the
 * plain lowdb baseline (whole-file rewrite per change) and the floor (append one line + fsync).
 * Prints a Markdown table; docs/BENCHMARKS.md quotes it.
 */
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { Bot } from '../src/app/Bot.js';
import { Engine } from '../src/app/Engine.js';
import { type Campaign, parseCampaign } from '../src/config/campaign.js';
import { screenGroupText } from '../src/core/privacy.js';
import type { Deps } from '../src/core/types.js';
import { maskName } from '../src/domain/text.js';
import { exportForm } from '../src/reports/forms.js';
import { writeFileDurably } from '../src/store/FsyncJsonFile.js';
import { SNAPSHOT_FILE, Store } from '../src/store/Store.js';
import { emptyState, type State } from '../src/store/state.js';
import { WechatyTransport } from '../src/transports/wechatyTransport.js';
import { sensitiveTerms } from '../src/views/sensitiveTerms.js';

const GROUP = '达川区社区矫正工作群';
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const COMMANDS_PER_SIZE = Number(process.env.BENCH_COMMANDS ?? 600);
const silent = { info() {}, warn() {}, error() {} };

function campaignWith(units: number): Campaign {
  const raw = JSON.parse(readFileSync(join(process.cwd(), 'data', 'campaign.json'), 'utf8'));
  return parseCampaign({
    ...raw,
    units: Array.from({ length: units }, (_, i) => `第${i + 1}司法所`),
    groups: [GROUP],
  });
}

/** A realistic store of `n` records: half hazards, a tenth key persons, the rest count entries; one audit entry each. */
function generate(n: number, c: Campaign): State {
  const s = emptyState();
  const at = '2022-08-05T09:00:00+08:00';
  const statuses = ['未整改', '整改中', '已整改', '无法整改'] as const;
  for (let i = 0; i < c.units.length; i++)
    s.bindings[`员${i}`] = { unit: c.units[i] as string, by: `员${i}`, at };
  let seq = 0;
  // The history lives in audit/ segments now, not in the state.
  const audit = (_type: string, _unit: string, _target: string | null) => {};
  for (let i = 0; i < n; i++) {
    const unit = c.units[i % c.units.length] as string;
    seq++;
    if (i % 10 < 5) {
      const status = statuses[i % 4] as (typeof statuses)[number];
      s.hazards.push({
        id: s.hazards.length + 1,
        unit,
        category: '二.4',
        situation: `社区矫正对象请假到期后超时未销假，编号${i}`,
        measure: '约谈训诫，每日电话核查',
        department: unit,
        owner: '张敏',
        deadline: '2022-09-05',
        status,
        note: status === '已整改' || status === '无法整改' ? '已处理' : null,
        createdBy: '张敏',
        createdAt: at,
        rev: seq,
        withdrawn: null,
      });
      audit('hazard.add', unit, `H${s.hazards.length}`);
    } else if (i % 10 === 5) {
      s.keyPersons.push({
        id: s.keyPersons.length + 1,
        unit,
        name: `对象${i}`,
        gender: '男',
        correctionType: '缓刑',
        types: ['涉毒'],
        crime: '非法持有毒品罪',
        sentence: '有期徒刑一年',
        termStart: '2022-01-01',
        termEnd: '2023-12-31',
        risk: '无',
        measures: '每周走访',
        owner: '张敏',
        createdBy: '张敏',
        createdAt: at,
        rev: seq,
        withdrawn: null,
      });
      audit('keyPerson.add', unit, `P${s.keyPersons.length}`);
    } else {
      s.figures.push({ kind: 'add', item: '走访', n: 1, unit, by: '张敏', at, seq });
      audit('figure', unit, null);
    }
  }
  s.seq = seq;
  return s;
}

function pct(xs: number[], p: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

let peakRss = 0;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);
function resetPeak() {
  (globalThis as { gc?: () => void }).gc?.();
  peakRss = process.memoryUsage().rss;
}

interface SizeResult {
  n: number;
  startupMs: number;
  throughput: number;
  perCommand: Record<string, number[]>;
  all: number[];
  loopP99: number;
  loopMax: number;
  rssMB: number;
  lowdbWriteMs: number;
  floorMs: number;
}

async function benchSize(n: number): Promise<SizeResult> {
  const campaign = campaignWith(200);
  const dir = mkdtempSync(join(tmpdir(), `bench-${n}-`));
  writeFileDurably(join(dir, SNAPSHOT_FILE), JSON.stringify(generate(n, campaign)));
  resetPeak();
  const t0 = performance.now();
  const store = await Store.open(dir, { now: Date.now });
  const startupMs = performance.now() - t0;
  let now = Date.parse('2022-08-20T10:00:00+08:00');
  const deps: Deps = {
    campaign,
    store,
    clock: { now: () => now },
    filesDir: join(dir, 'files'),
    log: silent,
  };
  const engine = new Engine(deps);
  const hazards = store.state.hazards.length;
  const mix: [string, (i: number) => string][] = [
    ['#走访 1', () => '#走访 1'],
    ['#隐患', (i) => `#隐患\n类别：二.4\n情况：基准测试${i}\n措施：约谈\n时限：9月5日`],
    [
      '#整改',
      (i) => {
        const h = store.state.hazards[(i * 7919) % hazards];
        return `#整改 H${h?.id} ${h?.status === '整改中' ? '未整改' : '整改中'}`;
      },
    ],
    ['#台账', () => '#台账'],
    ['#进度', () => '#进度'],
    ['#我', () => '#我'],
  ];
  const perCommand: Record<string, number[]> = Object.fromEntries(mix.map(([k]) => [k, []]));
  const all: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const start = performance.now();
  for (let i = 0; i < COMMANDS_PER_SIZE; i++) {
    const [name, make] = mix[i % mix.length] as [string, (i: number) => string];
    const text = make(i);
    // the sender is a member of the unit the command acts on (for #整改, the hazard's unit)
    const target =
      name === '#整改' ? store.state.hazards[Number(/H(\d+)/.exec(text)?.[1]) - 1]?.unit : undefined;
    const unit = target ? campaign.units.indexOf(target) : i % campaign.units.length;
    // messages arrive from the network: let the event loop turn between them, as it does in production
    await new Promise((r) => setImmediate(r));
    now += 1000;
    const t = performance.now();
    const out = await engine.onMessage({
      id: `b${i}`,
      room: GROUP,
      sender: { key: `员${unit}`, name: `员${unit}` },
      text,
      mentionsBot: false,
      at: now,
    });
    const dt = performance.now() - t;
    if (out.length === 0) throw new Error(`no reply to ${name}`);
    const first = out[0]?.reply;
    const reply = first && 'text' in first ? first.text : '';
    if (/^(#隐患|#整改|#走访)/.test(name) && !/^已/.test(reply))
      throw new Error(`${name} was refused: ${reply}`);
    perCommand[name]?.push(dt);
    all.push(dt);
  }
  const elapsed = performance.now() - start;
  loop.disable();
  await store.close();

  // Baseline: lowdb's own JSONFile, the whole file rewritten per change, on the same data.
  const db = new Low(new JSONFile<State>(join(dir, 'lowdb-baseline.json')), store.state);
  const writes: number[] = [];
  const rounds = n >= 100_000 ? 10 : 50;
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await db.write();
    writes.push(performance.now() - t);
  }
  // Floor: one line appended and fsynced.
  const fd = openSync(join(dir, 'floor.jsonl'), 'a');
  const floor: number[] = [];
  const line = `${JSON.stringify(store.state.hazards[0] ?? { x: 1 })}\n`;
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    writeSync(fd, line);
    fsyncSync(fd);
    floor.push(performance.now() - t);
  }
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return {
    n,
    startupMs,
    throughput: (COMMANDS_PER_SIZE / elapsed) * 1000,
    perCommand,
    all,
    loopP99: loop.percentile(99) / 1e6,
    loopMax: loop.max / 1e6,
    rssMB: peakRss / 1048576,
    lowdbWriteMs: pct(writes, 50),
    floorMs: pct(floor, 50),
  };
}

async function benchWechaty(n: number, messages: number): Promise<{ perMessageMs: number }> {
  const campaign = campaignWith(200);
  const dir = mkdtempSync(join(tmpdir(), 'bench-wechaty-'));
  writeFileDurably(join(dir, SNAPSHOT_FILE), JSON.stringify(generate(n, campaign)));
  const store = await Store.open(dir, { now: Date.now });
  const engine = new Engine({
    campaign,
    store,
    clock: { now: Date.now },
    filesDir: join(dir, 'files'),
    log: silent,
  });
  const mocker = new mock.Mocker();
  const bot = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }) });
  await new Bot(engine, new WechatyTransport(bot, silent), silent).start();
  const me = mocker.createContact({ name: 'bot' });
  mocker.login(me);
  const user = mocker.createContact({ name: '员0' });
  const room = mocker.createRoom({ topic: GROUP, memberIdList: [me.id, user.id] });
  let replies = 0;
  (room as unknown as NodeJS.EventEmitter).on('message', (m: mock.MessageMock) => {
    if (m.talker().id === me.id) replies++;
  });
  const t = performance.now();
  for (let i = 0; i < messages; i++) {
    user.say(`#走访 1`).to(room);
    const want = i + 1;
    while (replies < want) await new Promise((r) => setImmediate(r));
  }
  const perMessageMs = (performance.now() - t) / messages;
  await bot.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { perMessageMs };
}

async function benchSheets(): Promise<string[]> {
  const rows: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'bench-xlsx-'));
  for (const [label, form, n] of [
    ['附件3, 200 units', 'statistics', 10_000],
    ['附件1, 10k hazards', 'hazards', 20_000],
    ['附件1, 100k hazards', 'hazards', 200_000],
  ] as const) {
    const campaign = campaignWith(200);
    const state = generate(n, campaign);
    resetPeak();
    const t = performance.now();
    await exportForm(form, state, campaign, dir, { reporter: 'bench', now: Date.now() });
    rows.push(`| ${label} | ${ms(performance.now() - t)} ms | ${Math.round(peakRss / 1048576)} MB |`);
  }
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

/** The privacy matcher at 50k key persons: the one full build (start-up), an edit, and screening a reply. */
function benchPrivacy(n: number): string {
  const fam = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
  const giv = '建国华明强军伟平刚文秀英丽敏静杰涛斌辉';
  const s = emptyState();
  for (let i = 1; i <= n; i++) {
    const name = `${fam[i % 20]}${giv[(i * 7) % 20]}${giv[(i * 13) % 20]}${i > 8000 ? giv[i % 19] : ''}`;
    const person = {
      name,
      gender: '男' as const,
      correctionType: '缓刑' as const,
      types: [],
      crime: `罪名${i}`,
      sentence: `有期徒刑${i}个月`,
      termStart: null,
      termEnd: null,
      risk: '',
      measures: '',
      owner: '',
    };
    s.keyPersons.push({
      ...person,
      id: i,
      unit: 'u',
      createdBy: 'x',
      createdAt: '',
      rev: i,
      withdrawn: null,
    });
    s.seq = i;
  }
  let t = performance.now();
  sensitiveTerms(s);
  const full = performance.now() - t;
  // What a key-person change costs the matcher: its new values added in place (no rebuild).
  const matcher = sensitiveTerms(s);
  const edits: number[] = [];
  for (let k = 0; k < 200; k++) {
    const name = `欧阳${giv[k % 20]}${k}`;
    t = performance.now();
    matcher.add(name, 'name', maskName(name));
    edits.push(performance.now() - t);
  }
  const c = { supervisors: [], admins: [] } as unknown as Campaign;
  const text = '东城司法所 隐患台账：H1 二.5 社区矫正对象刘建华病情复查逾期未做，系艾滋病病毒感染者，'.repeat(
    20,
  );
  const screens: number[] = [];
  for (let k = 0; k < 500; k++) {
    t = performance.now();
    screenGroupText(text, s, c);
    screens.push(performance.now() - t);
  }
  return `| ${n.toLocaleString('en')} | ${ms(full)} ms | ${ms(pct(edits, 50))} / ${ms(pct(edits, 99))} ms | ${text.length} chars: ${ms(pct(screens, 50))} / ${ms(pct(screens, 99))} ms |`;
}

async function main() {
  process.stdout.write(
    `# Benchmark\n\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${COMMANDS_PER_SIZE} commands per size, mix: #走访 #隐患 #整改 #台账 #进度 #我 (200 units)\n\n`,
  );
  const results: SizeResult[] = [];
  for (const n of SIZES) {
    process.stderr.write(`size ${n}…\n`);
    results.push(await benchSize(n));
  }
  const header = [
    'records',
    'start-up (load+validate+index)',
    'throughput',
    'p50',
    'p95',
    'p99',
    'event-loop p99 / max',
    'peak RSS',
    'lowdb JSONFile write',
    'append+fsync floor',
    'our p50 ÷ floor',
    'lowdb ÷ our p50',
  ];
  process.stdout.write(
    `## Store and pipeline\n\n| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`,
  );
  for (const r of results) {
    const p50 = pct(r.all, 50);
    process.stdout.write(
      `| ${r.n.toLocaleString('en')} | ${ms(r.startupMs)} ms | ${r.throughput.toFixed(0)} cmd/s | ${ms(p50)} ms | ${ms(pct(r.all, 95))} ms | ${ms(pct(r.all, 99))} ms | ${ms(r.loopP99)} / ${ms(r.loopMax)} ms | ${Math.round(r.rssMB)} MB | ${ms(r.lowdbWriteMs)} ms | ${ms(r.floorMs)} ms | ${(p50 / r.floorMs).toFixed(1)} | ${(r.lowdbWriteMs / p50).toFixed(1)} |\n`,
    );
  }
  const names = Object.keys(results[0]?.perCommand ?? {});
  process.stdout.write(
    `\n## p50 / p99 per command (ms)\n\n| command | ${results.map((r) => r.n.toLocaleString('en')).join(' | ')} |\n|---|${results.map(() => '---').join('|')}|\n`,
  );
  for (const name of names)
    process.stdout.write(
      `| ${name} | ${results.map((r) => `${ms(pct(r.perCommand[name] ?? [], 50))} / ${ms(pct(r.perCommand[name] ?? [], 99))}`).join(' | ')} |\n`,
    );
  const first = results[0];
  const last = results.at(-1);
  if (first && last)
    process.stdout.write(
      `\np99 ratio ${last.n.toLocaleString('en')} / ${first.n.toLocaleString('en')}: ${(pct(last.all, 99) / pct(first.all, 99)).toFixed(2)}\n`,
    );
  const w = await benchWechaty(10_000, 100);
  process.stdout.write(
    `\n## Through Wechaty (puppet-mock, 10k records)\n\n100 × #走访 one after another: ${ms(w.perMessageMs)} ms per message, reply included\n`,
  );
  process.stdout.write(
    `\n## Privacy matcher\n\n| key persons | full build (start-up) | after a key-person edit p50 / p99 | screening a group reply p50 / p99 |\n|---|---|---|---|\n${benchPrivacy(50_000)}\n`,
  );
  process.stdout.write(
    `\n## Spreadsheets\n\n| file | time | peak RSS |\n|---|---|---|\n${(await benchSheets()).join('\n')}\n`,
  );
  clearInterval(rssTimer);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

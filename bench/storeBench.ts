/**
 * `npm run bench:store`: the store at 100k records of real-shaped data (Chinese names and texts,
 * a history entry per record) over 6000 commands, folds included. Reports the slowest command,
 * the longest event-loop stall, p50 against the append+fsync floor, peak RSS of the measured
 * process, and process start to ready (a `simulate` child timed to its first reply).
 *
 *   BENCH_RECORDS=100000 BENCH_COMMANDS=6000 npm run bench:store
 *
 * The data is generated in this process; the measurements run in fresh child processes, so the
 * generator's memory does not count.
 */
import { spawn } from 'node:child_process';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBot } from '../src/bot/createBot.js';
import { memoryLogger } from '../src/bot/logger.js';
import { CATEGORIES, KEY_TYPES_6, KEY_TYPES_9, STATUSES } from '../src/domain/catalog.js';
import { isoAt } from '../src/domain/dates.js';
import { SNAPSHOT_FILE } from '../src/store/Store.js';
import { emptyState, type Hazard, type KeyPerson, type StoredEvent } from '../src/store/state.js';
import { LocalTransport } from '../src/transports/LocalTransport.js';

const GROUP = '达川区社区矫正工作群';
const CAMPAIGN = join(process.cwd(), 'data', 'campaign.json');
const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const COMMANDS = Number(process.env.BENCH_COMMANDS ?? 6000);
const UNITS = ['东城司法所', '西城司法所', '南城司法所', '北城司法所', '翠屏司法所'];
const START = Date.parse('2022-08-05T09:00:00+08:00');

/** A seeded generator: the same data every run. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}
const random = rng(20220805);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌波辉俊峰雪梅海燕鹏飞宇浩然子轩欣怡';
const name = () => pick([...SURNAMES]) + pick([...GIVEN]) + (random() < 0.7 ? pick([...GIVEN]) : '');
const SITUATIONS = [
  '社区矫正对象请假到期后超时未销假，经电话督促仍未返回居住地',
  '矫正对象手机定位多次异常，与报告的活动范围不符',
  '未按规定每月到司法所报到，电话联系不上',
  '家属反映其近期情绪低落、与邻居发生口角',
  '外出务工期间未按时提交思想汇报和工作证明',
  '所在村（社区）矫正小组成员调整后未及时重新落实帮教责任',
  '档案中判决书、执行通知书等文书不齐全',
  '集中教育学习缺勤两次以上，未说明理由',
];
const MEASURES = [
  '约谈训诫，每日电话核查，必要时提请警告',
  '联系村（社区）干部上门走访，核实实际去向',
  '调整矫正小组成员，明确网格员每周见面一次',
  '补齐档案文书，指定专人复核',
  '开展个别教育和心理疏导，跟踪情绪变化',
];
const CRIMES = ['盗窃罪', '故意伤害罪', '危险驾驶罪', '诈骗罪', '非法持有毒品罪', '寻衅滋事罪', '交通肇事罪'];

/** Writes a data folder of `n` records as the store keeps it: the snapshot, and the history in audit/ segments. */
function generate(dir: string, n: number): void {
  mkdirSync(join(dir, 'audit'), { recursive: true });
  const s = emptyState();
  const history: Record<string, number[]> = {};
  const events: StoredEvent[] = [];
  for (let u = 0; u < UNITS.length; u++)
    for (let k = 0; k < 8; k++) {
      const who = `员${u}-${k}`;
      s.bindings[who] = { unit: UNITS[u] as string, by: who, at: isoAt(START) };
    }
  for (let i = 1; i <= n; i++) {
    const unit = UNITS[i % UNITS.length] as string;
    const by = `员${i % UNITS.length}-${i % 8}`;
    const at = isoAt(START - (n - i) * 20_000);
    const meta = { by, unit, at, msgId: `gen-${i}`, seq: i };
    const r = i % 10;
    if (r < 5) {
      const status = pick(STATUSES);
      const hazard = {
        category: pick(CATEGORIES).code,
        situation: `${name()}：${pick(SITUATIONS)}`,
        measure: pick(MEASURES),
        department: unit,
        owner: name(),
        deadline: `2022-09-${String(1 + (i % 28)).padStart(2, '0')}`,
        status,
        note: status === '已整改' || status === '无法整改' ? '已落实整改措施，经回访核实' : null,
      };
      const h: Hazard = {
        ...hazard,
        id: s.hazards.length + 1,
        unit,
        createdBy: by,
        createdAt: at,
        rev: i,
        withdrawn: null,
      };
      s.hazards.push(h);
      history[`H${h.id}`] = [i];
      events.push({ ...meta, type: 'hazard.add', hazard });
    } else if (r === 5) {
      const person = {
        name: name(),
        gender: random() < 0.85 ? ('男' as const) : ('女' as const),
        correctionType: pick(['管制', '缓刑', '假释', '暂予监外执行'] as const),
        types: [pick(KEY_TYPES_6), ...(random() < 0.3 ? [pick(KEY_TYPES_9)] : [])],
        crime: pick(CRIMES),
        sentence: '有期徒刑一年，缓刑二年',
        termStart: '2022-03-01',
        termEnd: '2024-02-29',
        risk: '近期与家人矛盾激化，情绪不稳定',
        measures: '每周走访一次，手机定位核查，联系家属共同帮教',
        owner: name(),
      };
      const p: KeyPerson = {
        ...person,
        id: s.keyPersons.length + 1,
        unit,
        createdBy: by,
        createdAt: at,
        rev: i,
        withdrawn: null,
      };
      s.keyPersons.push(p);
      history[`P${p.id}`] = [i];
      events.push({ ...meta, type: 'keyPerson.add', person });
    } else {
      const report = {
        kind: 'add' as const,
        item: pick(['走访', '教育', '帮扶', '惩处'] as const),
        n: 1 + (i % 7),
      };
      s.figures.push({ ...report, unit, by, at, seq: i });
      events.push({ ...meta, type: 'figure', report });
    }
  }
  s.seq = n;
  for (let i = 0; i < events.length; i += 1000)
    writeFileSync(
      join(dir, 'audit', `${String(i + 1).padStart(12, '0')}.jsonl`),
      events
        .slice(i, i + 1000)
        .map((e) => `${JSON.stringify(e)}\n`)
        .join(''),
      { mode: 0o600 },
    );
  const handled = events.slice(-10_000).map((e) => [e.msgId, e.seq]);
  writeFileSync(join(dir, SNAPSHOT_FILE), JSON.stringify({ ...s, history, handled }), { mode: 0o600 });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** The measured run (a child process): open, 6000 commands as messages arrive, close. */
async function measure(dir: string): Promise<void> {
  const log = memoryLogger();
  let now = START;
  const t0 = performance.now();
  const bot = await createBot({
    campaign: CAMPAIGN,
    dataDir: dir,
    filesDir: join(dir, 'files'),
    transport: new LocalTransport(() => {}),
    clock: { now: () => now },
    log,
  });
  const openMs = performance.now() - t0;
  const rssAfterOpenMb = process.resourceUsage().maxRSS / 1024;
  const hazards = bot.deps.store.state.hazards.length;
  const hazardsSeq0 = bot.deps.store.state.seq;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const writes: number[] = [];
  const reads: number[] = [];
  let slowest = { ms: 0, text: '' };
  for (let i = 0; i < COMMANDS; i++) {
    // each message arrives as its own event, as from a chat transport: background work runs between them
    await new Promise((r) => setImmediate(r));
    now += 1000;
    const r = i % 20;
    const h = 1 + ((i * 7919) % hazards);
    const hUnit = UNITS.indexOf(bot.deps.store.state.hazards[h - 1]?.unit ?? '东城司法所');
    // a record's own unit acts on it
    const sender =
      r === 10 || r === 11 || r === 12 ? `员${hUnit}-${i % 8}` : `员${i % UNITS.length}-${i % 8}`;
    const text =
      r < 6
        ? `#隐患\n类别：${pick(CATEGORIES).code}\n情况：${name()}：${pick(SITUATIONS)}\n措施：${pick(MEASURES)}\n时限：9月${1 + (i % 28)}日`
        : r < 10
          ? `#走访 ${1 + (i % 5)} 教育 ${1 + (i % 3)}`
          : r < 12
            ? `#整改 H${h} 整改中`
            : r < 13
              ? `#历史 H${h}`
              : r < 16
                ? '#进度'
                : r < 18
                  ? '#我'
                  : '#统计';
    const t = performance.now();
    const out = await bot.onMessage({
      id: `b-${i}`,
      room: GROUP,
      sender: { key: sender, name: sender },
      text,
      mentionsBot: false,
      at: now,
    });
    const ms = performance.now() - t;
    if (/^#(隐患|走访|整改)/.test(text)) writes.push(ms);
    else reads.push(ms);
    if (ms > slowest.ms) slowest = { ms, text: text.split('\n')[0] as string };
    if (ms > 20 && process.env.BENCH_TRACE)
      process.stderr.write(
        `slow: #${i} ${ms.toFixed(1)} ms ${text.split('\n')[0]} seq ${bot.deps.store.state.seq}\n`,
      );
    if (out.length === 0) throw new Error(`no reply to ${text}`);
  }
  await bot.deps.store.settled();
  loop.disable();
  await bot.close();
  // the floor: one journal-sized line appended and fsynced, in the same folder
  const line = `${JSON.stringify(bot.deps.store.state.hazards[0])}\n`;
  const fd = openSync(join(dir, 'floor.jsonl'), 'a');
  const floor: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    writeSync(fd, line);
    fsyncSync(fd);
    floor.push(performance.now() - t);
  }
  closeSync(fd);
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({
      openMs,
      slowest,
      stallMaxMs: loop.max / 1e6,
      writeP50: pct(writes, 50),
      writeP99: pct(writes, 99),
      readP50: pct(reads, 50),
      floorP50: pct(floor, 50),
      floorMax: Math.max(...floor),
      peakRssMb: rss,
      rssAfterOpenMb,
      seq: bot.deps.store.state.seq,
      folds: Math.floor((bot.deps.store.state.seq - hazardsSeq0) / 1000),
    })}\n`,
  );
}

/** Process start to ready: a `simulate` child on the data, timed to its first reply. */
function startToReady(dir: string): Promise<number> {
  const simulate = join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js');
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(process.execPath, [simulate, '--data', dir, '--files', join(dir, 'files'), '-'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let ready = 0;
    child.stdout.once('data', () => {
      ready = performance.now() - t;
      child.stdin.end();
    });
    // the next run may start only once this one has released the folder
    child.on('exit', () => resolve(ready));
    child.on('error', reject);
    child.stdin.write(
      `${JSON.stringify({ at: '2022-08-06T09:00:00+08:00', room: GROUP, from: '员0-0', text: '#我' })}\n`,
    );
  });
}

function child(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    c.stdout.on('data', (d) => {
      out += d;
    });
    c.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bench child exited ${code}`))));
  });
}

async function main(): Promise<void> {
  if (process.argv[2] === '--measure') return measure(process.argv[3] as string);
  if (process.argv[2] === '--generate') return generate(process.argv[3] as string, RECORDS);
  const dir = mkdtempSync(join(tmpdir(), 'jz-storebench-'));
  try {
    let t = performance.now();
    generate(dir, RECORDS);
    const genMs = performance.now() - t;
    const empty = mkdtempSync(join(tmpdir(), 'jz-storebench-empty-'));
    const readyEmpty = await startToReady(empty);
    rmSync(empty, { recursive: true, force: true });
    const ready0 = await startToReady(dir);
    t = performance.now();
    const r = JSON.parse(await child(['--measure', dir]));
    const runMs = performance.now() - t;
    const ready1 = await startToReady(dir);
    const f = (x: number) => x.toFixed(2);
    const lines = [
      `store bench: ${RECORDS} records (${r.seq} after the run), ${COMMANDS} commands, ${cpus().length} cores, node ${process.version}`,
      `  generated in ${(genMs / 1000).toFixed(1)} s; measured run ${(runMs / 1000).toFixed(1)} s, ${r.folds} rotations + background snapshots`,
      `  open (in process)            ${f(r.openMs)} ms`,
      `  start to ready (simulate)    ${f(ready0)} ms first start (records checked one by one), ${f(ready1)} ms after the run (snapshot this program wrote); empty store ${f(readyEmpty)} ms`,
      `  slowest command              ${f(r.slowest.ms)} ms (${r.slowest.text})`,
      `  longest event-loop stall     ${f(r.stallMaxMs)} ms`,
      `  write p50 / p99              ${f(r.writeP50)} / ${f(r.writeP99)} ms`,
      `  append+fsync floor p50 / max ${f(r.floorP50)} / ${f(r.floorMax)} ms  (write p50 = ${(r.writeP50 / r.floorP50).toFixed(2)}× floor)`,
      `  read p50                     ${f(r.readP50)} ms`,
      `  peak RSS (measured process)  ${f(r.peakRssMb)} MB (${f(r.rssAfterOpenMb)} MB of it reached while opening)`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});

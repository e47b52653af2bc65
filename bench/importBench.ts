/**
 * The import part of `npm run bench`: a 2,000-row 附件1 read through #导入 (preview) and stored by
 * 确认导入, while caseworkers keep sending #走访; their p99 with and without the import beside it.
 * Run in a child process of its own (`node dist/bench/importBench.js --run`), so its RSS and event
 * loop are the bot's alone; the load average of the machine is printed with it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { createBot } from '../src/bot/createBot.js';
import { parseCampaign } from '../src/config/campaign.js';
import type { IncomingMessage, Outgoing } from '../src/core/types.js';
import { fileAttachment, LocalTransport } from '../src/transports/LocalTransport.js';

const SELF = fileURLToPath(import.meta.url);
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 2000);
const silent = { info() {}, warn() {}, error() {} };
const ms = (x: number) => x.toFixed(x < 10 ? 2 : x < 100 ? 1 : 0);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
}

async function ledger(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(['附件1']);
  ws.addRow(['社区矫正风险隐患排查整治工作台账']);
  ws.addRow(['填报单位：东城司法所', '', '', '填报人：张敏', '', '', '填报时间：2022年8月1日']);
  ws.addRow([
    '序号',
    '风险隐患类别',
    '风险隐患情基本情况',
    '整改措施',
    '责任部门',
    '责任人',
    '完成时限',
    '整改状态',
  ]);
  const statuses = ['未整改', '整改中', '正在整改'];
  for (let i = 1; i <= ROWS; i++)
    ws.addRow([
      i,
      ['二.4', '2-6', '不假外出', '一.3'][i % 4],
      `矫正对象第${i}号请假超时未及时销假，已电话督促并约谈训诫`,
      '约谈训诫，每日电话核查，纳入重点管控',
      '东城司法所',
      '张敏',
      i % 2 ? new Date(Date.UTC(2022, 8, 1 + (i % 28))) : `9月${1 + (i % 28)}日`,
      statuses[i % 3],
    ]);
  await wb.xlsx.writeFile(path);
}

/** Child: a bot on a fresh store; #走访 alone, then #走访 while 2,000 rows are read and stored. */
async function childRun(dir: string): Promise<void> {
  const shipped = JSON.parse(readFileSync(join(process.cwd(), 'data', 'campaign.json'), 'utf8'));
  const people = shipped.units.map((u: string, i: number) => ({
    key: `w${i}`,
    name: `工作人员${i}`,
    unit: u,
  }));
  const campaign = parseCampaign({
    ...shipped,
    people: [...people, { key: '张敏', name: '张敏', unit: '东城司法所' }],
  });
  const group = campaign.groups[0]?.key ?? '';
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
  const file = join(dir, '附件1-东城司法所.xlsx');
  await ledger(file);
  let n = 0;
  const msg = (from: string, text: string, room: string | null, extra: Partial<IncomingMessage> = {}) => {
    now += 30_000; // each caseworker reports every 14 minutes: never the 10-minute repeat guard
    return bot.receive({
      id: `b${++n}`,
      room,
      sender: { key: from, name: from },
      text,
      mentionsBot: false,
      at: now,
      ...extra,
    });
  };
  const visit = async (lat: number[]) => {
    const t = performance.now();
    await msg(`w${n % people.length}`, '#走访 1', group);
    lat.push(performance.now() - t);
    await new Promise((r) => setImmediate(r));
  };
  const alone: number[] = [];
  for (let i = 0; i < 300; i++) await visit(alone);

  const beside: number[] = [];
  await msg('张敏', '', null, { attachment: fileAttachment(file) });
  const said = () => out.some((o) => 'text' in o.reply && o.reply.text.includes('条可导入'));
  const t0 = performance.now();
  const asked = msg('张敏', '#导入', null);
  while (!said()) await visit(beside);
  const previewMs = performance.now() - t0;
  await asked;
  const t1 = performance.now();
  const confirmed = msg('张敏', '确认导入', null);
  await visit(beside);
  await confirmed;
  const commitMs = performance.now() - t1;
  for (let i = 0; i < 50; i++) await visit(beside);
  await bot.jobs.idle();
  const stored = bot.deps.store.state.hazards.length;
  const visits = bot.deps.store.state.figures.length;
  if (visits !== alone.length + beside.length) throw new Error(`only ${visits} #走访 stored`);
  await bot.close();
  process.stdout.write(
    `${JSON.stringify({
      rows: ROWS,
      stored,
      previewMs,
      commitMs,
      alone: [pct(alone, 50), pct(alone, 99), Math.max(...alone)],
      beside: [pct(beside, 50), pct(beside, 99), Math.max(...beside)],
      besideCount: beside.length,
      rss: Math.round(process.memoryUsage().rss / 1048576),
    })}\n`,
  );
}

/** Runs the child and returns the Markdown section for the bench report. */
export async function importBenchSection(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-import-'));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--expose-gc', SELF, '--run', dir], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
      });
      child.on('exit', (code) =>
        code === 0
          ? resolve(buf.trim().split('\n').at(-1) ?? '')
          : reject(new Error(`import bench exited ${code}`)),
      );
    });
    const r = JSON.parse(line);
    const load = loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ');
    return [
      `## #导入 of ${r.rows.toLocaleString('en')} rows while #走访 keeps coming (load average 1/5/15 min: ${load})`,
      '',
      '| | ms |',
      '|---|---|',
      `| #导入 → preview sent (read, parse, check ${r.rows} rows; goal ≤ 2,000) | ${ms(r.previewMs)} |`,
      `| 确认导入 → stored (${r.stored} records, one journal line, fsync) | ${ms(r.commitMs)} |`,
      `| #走访 alone, p50 / p99 / max | ${r.alone.map(ms).join(' / ')} |`,
      `| #走访 during the import (${r.besideCount} sent), p50 / p99 / max | ${r.beside.map(ms).join(' / ')} |`,
      '',
      `RSS of the bot after the import: ${r.rss} MB.`,
      '',
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// only as its own script: bench.ts's children take `--run` too, and imported this file
if (process.argv[1] === SELF && process.argv[2] === '--run')
  childRun(process.argv[3] as string).catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
else if (process.argv[1] === SELF) importBenchSection().then((s) => process.stdout.write(`${s}\n`));

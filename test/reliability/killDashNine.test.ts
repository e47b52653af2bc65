import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { Store } from '../../src/store/Store.js';
import { GROUP, tempDir } from '../kit/testBot.js';

const SIMULATE = join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js');
const ROUNDS = 20;
const BURST = 40;
/** The child folds every 7 changes, so the kills land in folds too. */
const COMPACT_EVERY = 7;

/** A seeded generator, so a failing run can be replayed. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/**
 * Where each round's child kills itself (SIGKILL, no clean-up), chosen by the store's fault
 * injection instead of a timer: after the k-th durable change, or at the j-th fold's rotation,
 * mid-snapshot, after the snapshot is written but before it replaces the old one, or just after.
 */
const POINTS = ['commit.durable', 'fold.rotated', 'fold.chunk', 'fold.written', 'fold.renamed'];

/** Runs simulate on `data` with a crash point, feeds `lines`; returns what it acknowledged and how it ended. */
function runUntilKilled(
  data: string,
  lines: string[],
  crashAt: string,
): Promise<{ out: string[]; signal: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIMULATE, '--data', data, '--files', join(data, 'files'), '-'], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: { ...process.env, JZ_CRASH_AT: crashAt, JZ_COMPACT_EVERY: String(COMPACT_EVERY) },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (_, signal) => resolve({ out: out.split('\n').filter((l) => l.trim() !== ''), signal }));
    child.stdin.on('error', () => {});
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

describe('durability under kill -9', () => {
  test(`${ROUNDS} SIGKILLs at chosen points of writes and folds: every acknowledged record survives once`, async () => {
    const data = tempDir('jz-kill-');
    const random = rng(20221122);
    const acknowledged = new Set<string>();
    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const line = (text: string, minute: number) =>
        JSON.stringify({
          at: `2022-08-05T09:${String(minute).padStart(2, '0')}:00+08:00`,
          room: GROUP,
          from: '张敏',
          text,
        });
      // 张敏 asks for 东城 and the admin approves (after the first round: already bound, nothing to approve)
      const approve = JSON.stringify({ at: '2022-08-05T09:00:00+08:00', from: '管理员', text: '#批准 张敏' });
      const lines = [line('#我', 0), line('#绑定 东城', 0), approve];
      for (let i = 0; i < BURST; i++) {
        lines.push(line(`#隐患\n类别：二.4\n情况：r${round}-${i}\n措施：约谈\n时限：9月5日`, 1 + (i % 50)));
        sent++;
      }
      const point = POINTS[round % POINTS.length] as string;
      // k-th change: 1..BURST-1; j-th fold: 1..(BURST/COMPACT_EVERY - 1), both inside the burst
      // The k-th change (1..BURST-1) is always inside the burst. The first fold of a run starts at
      // the 7th change and is finished, at the latest, by the fold on closing: its points are
      // always reached, mid-burst or at the end.
      const n = point === 'commit.durable' ? 1 + Math.floor(random() * (BURST - 1)) : 1;
      const { out, signal } = await runUntilKilled(data, lines, `${point}:${n}`);
      const acks = out
        .map((l) => JSON.parse(l) as { text?: string })
        .filter((o) => /^已登记 H\d+/.test(o.text ?? ''));
      expect(signal).toBe('SIGKILL');
      if (point === 'commit.durable') expect(acks.length).toBeLessThan(BURST);
      // acks come in the order the lines were sent
      for (let i = 0; i < acks.length; i++) acknowledged.add(`r${round}-${i}`);
    }
    const store = await Store.open(data);
    const situations = store.state.hazards.map((h) => h.situation);
    // everything acknowledged is there
    for (const tag of acknowledged) expect(situations).toContain(tag);
    // nothing twice, ids dense and in order, each with its history entry
    expect(new Set(situations).size).toBe(situations.length);
    expect(store.state.hazards.map((h) => h.id)).toEqual(situations.map((_, i) => i + 1));
    for (const h of store.state.hazards)
      expect(store.history(`H${h.id}`).map((e) => e.type)).toEqual(['hazard.add']);
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(situations.length).toBeLessThanOrEqual(sent);
    process.stderr.write(
      `kill -9: ${ROUNDS} rounds, ${sent} commands sent, ${acknowledged.size} acknowledged, ${situations.length} stored\n`,
    );
    await store.close();
  }, 600_000); // 20 child processes: a loaded machine may need minutes, and nothing here depends on it
});

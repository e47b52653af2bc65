import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { Store } from '../../src/store/Store.js';
import { GROUP, tempDir } from '../kit/testBot.js';

const SIMULATE = join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js');
const ROUNDS = 20;
const BURST = 40;

/** A seeded generator, so a failing run can be replayed. */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/** Runs simulate on `data`, feeds `lines`, kills it with SIGKILL after `killAfterMs`; returns what it acknowledged. */
function runAndKill(data: string, lines: string[], killAfterMs: number): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIMULATE, '--data', data, '--files', join(data, 'files'), '-'], {
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', () => resolve(out.split('\n').filter((l) => l.trim() !== '')));
    child.stdin.on('error', () => {});
    // wait until it is up (it answers the first line), then send the burst and kill mid-way
    child.stdin.write(`${lines[0]}\n`);
    const started = setInterval(() => {
      if (out.includes('\n')) {
        clearInterval(started);
        for (const l of lines.slice(1)) child.stdin.write(`${l}\n`);
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    }, 2);
  });
}

describe('durability under kill -9', () => {
  test(`${ROUNDS} random SIGKILLs during writes: every acknowledged record survives, nothing is duplicated`, async () => {
    const data = tempDir('jz-kill-');
    const random = rng(20221122);
    const acknowledged = new Set<string>();
    let sent = 0;
    let killedMidBurst = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const line = (text: string, minute: number) =>
        JSON.stringify({
          at: `2022-08-05T09:${String(minute).padStart(2, '0')}:00+08:00`,
          room: GROUP,
          from: '张敏',
          text,
        });
      const lines = [line('#我', 0), line('#绑定 东城', 0)];
      for (let i = 0; i < BURST; i++) {
        const tag = `r${round}-${i}`;
        lines.push(line(`#隐患\n类别：二.4\n情况：${tag}\n措施：约谈\n时限：9月5日`, 1 + (i % 50)));
        sent++;
      }
      const output = await runAndKill(data, lines, Math.floor(random() * 120));
      const acks = output
        .map((l) => JSON.parse(l) as { text?: string })
        .filter((o) => /^已登记 H\d+/.test(o.text ?? ''));
      if (acks.length < BURST) killedMidBurst++;
      // map each ack back to its tag: acks come in the order the lines were sent
      for (let i = 0; i < acks.length; i++) acknowledged.add(`r${round}-${i}`);
    }
    const store = await Store.open(data);
    const situations = store.state.hazards.map((h) => h.situation);
    // everything acknowledged is there
    for (const tag of acknowledged) expect(situations).toContain(tag);
    // nothing twice, ids dense and in order
    expect(new Set(situations).size).toBe(situations.length);
    expect(store.state.hazards.map((h) => h.id)).toEqual(situations.map((_, i) => i + 1));
    expect(store.state.audit.filter((e) => e.type === 'hazard.add')).toHaveLength(situations.length);
    // the runs really were cut short, and wrote something
    expect(killedMidBurst).toBeGreaterThanOrEqual(ROUNDS / 2);
    expect(acknowledged.size).toBeGreaterThan(0);
    expect(situations.length).toBeLessThanOrEqual(sent);
    process.stderr.write(
      `kill -9: ${ROUNDS} rounds, ${sent} commands sent, ${acknowledged.size} acknowledged, ${situations.length} stored, ${killedMidBurst} rounds killed mid-burst\n`,
    );
    await store.close();
  });
});

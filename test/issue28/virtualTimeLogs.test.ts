import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { GROUP, SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';

const BIN = (name: string) => join(process.cwd(), 'dist', 'src', 'bin', `${name}.js`);

function run(name: string, args: string[], input?: string) {
  return spawnSync(process.execPath, [BIN(name), ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, TZ: 'UTC', LOG_LEVEL: 'info' },
  });
}

/** The timestamps log lines on stderr start with. */
const stamps = (stderr: string) => [...stderr.matchAll(/^\[([^\]]+)\]/gm)].map((m) => m[1] ?? '');

describe('simulate and console log the virtual time, not the real clock', () => {
  test('simulate: every log line carries the transcript’s time', () => {
    const dir = tempDir('jz-vt-');
    const t = join(dir, 't.jsonl');
    writeFileSync(
      t,
      [
        { at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城司法所' },
        { at: '2022-08-05T09:00:30+08:00', from: '管理员', text: '#批准 张敏' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const r = run('simulate', ['--campaign', SHIPPED_CAMPAIGN, '--data', join(dir, 'data'), t]);
    expect(r.status).toBe(0);
    const at = stamps(r.stderr);
    expect(at.length).toBeGreaterThan(0);
    for (const s of at) expect(s).toMatch(/^2022-08-0[1-5]T\d\d:\d\d:\d\d\+08:00/);
  });

  test('console: the same, after /time too', () => {
    const data = tempDir('jz-vt-console-');
    const input = ['#绑定 东城', '/time 2022-08-11 9:00', '#我', '/quit', ''].join('\n');
    const r = run('console', ['--campaign', SHIPPED_CAMPAIGN, '--data', data], input);
    expect(r.status).toBe(0);
    const at = stamps(r.stderr);
    expect(at.length).toBeGreaterThan(0);
    for (const s of at) expect(s).toMatch(/^2022-08-(0[1-9]|1[01])T/);
    expect(at.some((s) => s.startsWith('2022-08-11T09:'))).toBe(true);
  });
});

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { BACKUP_DIR, SCHEMA_VERSION, Store } from '../../src/store/Store.js';
import { readSnapshotFile } from '../kit/snapshotFile.js';
import { GROUP, tempDir } from '../kit/testBot.js';

const SIMULATE = join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js');

interface Out {
  room?: string;
  to?: string;
  text?: string;
}

/**
 * Runs simulate in a child whose files may not grow past `limitKiB` (`ulimit -f`, the signal
 * ignored so a write that would pass it fails with EFBIG, as on a full disk), with extra env.
 */
function run(
  data: string,
  lines: string[],
  env: Record<string, string>,
  limitKiB?: number,
  /** lines sent once the child has logged this (the rest are sent at once) */
  later?: { after: RegExp; lines: string[] },
) {
  const cmd = `${limitKiB ? `trap '' XFSZ; ulimit -f ${limitKiB}; ` : ''}exec "${process.execPath}" "${SIMULATE}" --data "${data}" --files "${join(data, 'files')}" -`;
  return new Promise<{ out: Out[]; code: number | null; signal: string | null }>((resolve) => {
    const child = spawn('bash', ['-c', cmd], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
      if (later?.after.test(err)) {
        child.stdin.end(later.lines.map((l) => `${l}\n`).join(''));
        later = undefined;
      }
    });
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code, signal) =>
      resolve({
        out: out
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as Out),
        code,
        signal,
      }),
    );
    child.stdin.on('error', () => {});
    const text = lines.map((l) => `${l}\n`).join('');
    if (later) child.stdin.write(text);
    else child.stdin.end(text);
  });
}

const say = (text: string, from = '张敏') =>
  JSON.stringify({ at: '2022-08-05T09:00:00+08:00', room: GROUP, from, text });
const hazard = (tag: string) =>
  say(
    `#隐患\n类别：二.4\n情况：${tag} 社区矫正对象请假到期后超时未销假，已电话督促\n措施：约谈训诫\n时限：9月5日`,
  );

function burst(n: number): string[] {
  // 张敏 asks for 东城 and the admin approves, privately
  const approve = JSON.stringify({ at: '2022-08-05T09:00:00+08:00', from: '管理员', text: '#批准 张敏' });
  return [say('#绑定 东城'), approve, ...Array.from({ length: n }, (_, i) => hazard(`d${i}`))];
}

const acked = (out: Out[]) =>
  out
    .filter((o) => /^已登记 H\d+/.test(o.text ?? ''))
    .map((o) => (o.text ?? '').replace(/^已登记 (H\d+).*$/s, '$1'));

/** After a restart without limits: each acknowledged hazard there exactly once, nothing else. */
async function expectExactlyAcknowledged(data: string, ackedIds: string[]): Promise<Store> {
  const store = await Store.open(data);
  const tags = store.state.hazards.map((h) => h.situation.split(' ')[0]);
  expect(new Set(tags).size).toBe(tags.length);
  expect(store.state.hazards.map((h) => `H${h.id}`)).toEqual(ackedIds);
  return store;
}

describe('a full disk', () => {
  test('during appends: the command is refused as not recorded, other commands still answer, admins told once, nothing acknowledged is lost', async () => {
    const data = tempDir('jz-full-');
    const lines = [...burst(200), say('#我'), hazard('after')];
    const { out } = await run(data, lines, { JZ_COMPACT_EVERY: '100000' }, 48);
    const ids = acked(out);
    const refused = out.filter((o) => /磁盘已满，#隐患 未登记，未作任何更改/.test(o.text ?? ''));
    expect(ids.length).toBeGreaterThan(10);
    expect(refused.length).toBeGreaterThan(10);
    expect(ids.length + refused.length).toBe(201);
    expect(out.some((o) => /^张敏：东城司法所/.test(o.text ?? ''))).toBe(true); // #我 needs no write
    const alarms = out.filter((o) => o.to === '管理员' && /数据存储告警/.test(o.text ?? ''));
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.text).toMatch(/新的填报都未登记/);
    const store = await expectExactlyAcknowledged(data, ids);
    await store.close();
  });

  test('during folds: every change is acknowledged and kept once, the snapshot lags, admins told once', async () => {
    const data = tempDir('jz-full-');
    // the next message after the failed snapshot brings the admins' alarm
    const { out } = await run(data, burst(150), { JZ_COMPACT_EVERY: '10' }, 24, {
      after: /store: fold failed/,
      lines: [say('#我')],
    });
    const ids = acked(out);
    expect(ids).toHaveLength(150);
    expect(out.some((o) => /未作任何更改/.test(o.text ?? ''))).toBe(false);
    const alarms = out.filter((o) => o.to === '管理员' && /数据快照 .* 写入失败/.test(o.text ?? ''));
    expect(alarms).toHaveLength(1);
    // the snapshot on disk is an older, whole one
    const snapshot = readSnapshotFile(join(data, 'store.json'));
    expect(snapshot.hazards.length).toBeLessThan(150);
    const store = await expectExactlyAcknowledged(data, ids);
    await store.close();
  });

  test('during the backup: no bad backup counts as the day’s, admins told, the bot goes on', async () => {
    const data = tempDir('jz-full-');
    const { out } = await run(data, burst(30), { JZ_FAIL_AT: 'backup.copy' });
    expect(acked(out)).toHaveLength(30);
    expect(out.filter((o) => o.to === '管理员' && /今日备份写入失败/.test(o.text ?? ''))).toHaveLength(1);
    expect(readdirSync(join(data, BACKUP_DIR))).toEqual([]);
    // the next start makes the day's backup
    const store = await expectExactlyAcknowledged(data, acked(out));
    await store.close();
    const backups = readdirSync(join(data, BACKUP_DIR)).filter((f) => !f.startsWith('.'));
    expect(backups).toHaveLength(1);
    expect(readSnapshotFile(join(data, BACKUP_DIR, backups[0] ?? '')).hazards).toHaveLength(30);
  });
});

describe('kill -9 during the backup', () => {
  test.each(['backup.copy', 'backup.copied'])(
    'killed at %s: the half-made copy never counts, the next start makes a whole one',
    async (point) => {
      const data = tempDir('jz-kill-backup-');
      // the first start makes the day's backup (of the empty store): kill it there
      const { out, signal } = await run(data, burst(5), { JZ_CRASH_AT: point });
      expect(signal).toBe('SIGKILL');
      expect(acked(out)).toEqual([]);
      expect(readdirSync(join(data, BACKUP_DIR)).filter((f) => /^store-/.test(f))).toEqual([]);
      const again = await run(data, burst(5), {});
      expect(acked(again.out)).toHaveLength(5);
      const backups = readdirSync(join(data, BACKUP_DIR)).filter((f) => !f.startsWith('.'));
      expect(backups).toHaveLength(1);
      expect(backups[0]).toMatch(/^store-\d{4}-\d{2}-\d{2}\.json$/);
      // with the hash it was made with, hidden beside it
      expect(existsSync(join(data, BACKUP_DIR, `.${backups[0]}.sha256`))).toBe(true);
      expect(readSnapshotFile(join(data, BACKUP_DIR, backups[0] ?? '')).schemaVersion).toBe(SCHEMA_VERSION);
      expect(existsSync(join(data, BACKUP_DIR, `.${backups[0]}.tmp`))).toBe(false);
    },
  );
});

import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { DataFileError } from '../../src/store/DataFileError.js';
import { AUDIT_DIR, JOURNAL_FILE, SNAPSHOT_FILE, Store } from '../../src/store/Store.js';
import type { NewEvent } from '../../src/store/state.js';
import { readSnapshotFile } from '../kit/snapshotFile.js';
import { tempDir } from '../kit/testBot.js';

const meta = (n: number) => ({
  by: '张敏',
  unit: '东城司法所',
  at: '2022-08-05T09:00:00+08:00',
  msgId: `m${n}`,
});
const bind = (n: number, person = `人员${n}`): NewEvent => ({
  ...meta(n),
  type: 'bind',
  person,
  toUnit: '东城司法所',
});

describe('Store', () => {
  test('a committed change is on disk before commit resolves, and a second process sees it', async () => {
    const dir = tempDir();
    const store = await Store.open(dir, { compactEvery: 1000 });
    await store.commit(bind(1, '张敏'));
    // Not compacted: the change lives in the journal, fsynced. Read the files as a new process would.
    const journal = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    expect(journal).toContain('"person":"张敏"');
    const copy = tempDir();
    writeFileSync(join(copy, SNAPSHOT_FILE), readFileSync(join(dir, SNAPSHOT_FILE)));
    writeFileSync(join(copy, JOURNAL_FILE), journal);
    const reopened = await Store.open(copy);
    expect(reopened.state.bindings.张敏?.unit).toBe('东城司法所');
    expect(reopened.handled('m1')).toBe(true);
    expect(reopened.changesSince(0)).toHaveLength(1);
    expect(reopened.changesSince(0)?.[0]).toMatchObject({
      by: '张敏',
      unit: '东城司法所',
      msgId: 'm1',
      type: 'bind',
    });
    await reopened.close();
    await store.close();
  });

  test('every 5 changes the journal is rotated into the history and store.json catches up', async () => {
    const dir = tempDir();
    const store = await Store.open(dir, { compactEvery: 5 });
    for (let i = 1; i <= 12; i++) {
      await store.commit(bind(i));
      await store.settled();
    }
    const snapshot = readSnapshotFile(join(dir, SNAPSHOT_FILE));
    expect(snapshot.seq).toBe(10);
    expect(snapshot.audit).toBeUndefined();
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n')).toHaveLength(2);
    // the history is kept whole, in segments named by their first change
    expect(readdirSync(join(dir, AUDIT_DIR)).sort()).toEqual(['000000000001.jsonl', '000000000006.jsonl']);
    await store.close();
    const again = await Store.open(dir);
    expect(again.state.seq).toBe(12);
    expect(Object.keys(again.state.bindings)).toHaveLength(12);
    await again.close();
  });

  test('a torn last journal line (a crash mid-write, never acknowledged) is dropped; the rest is kept', async () => {
    const dir = tempDir();
    const store = await Store.open(dir);
    await store.commit(bind(1));
    await store.commit(bind(2));
    // simulate kill -9: no close, then a half-written line
    appendFileSync(join(dir, JOURNAL_FILE), '{"by":"张敏","unit":"东');
    writeFileSync(join(dir, 'store.lock'), '999999');
    const logs: string[] = [];
    const again = await Store.open(dir, { log: (l) => logs.push(l) });
    expect(again.state.seq).toBe(2);
    expect(logs.join('\n')).toMatch(/unfinished last line/);
    await again.commit(bind(3));
    expect(again.state.seq).toBe(3);
    await again.close();
    await store.close().catch(() => {});
  });

  const corruptions: [string, string | Buffer, RegExp][] = [
    ['empty', '', /是空的/],
    ['truncated', '{"schemaVersion":1,"seq":3,"bindi', /不是有效的 JSON/],
    ['not JSON', 'hello world', /不是有效的 JSON/],
    ['JSON of another shape', JSON.stringify({ users: [1, 2, 3] }), /不是本程序的数据格式/],
    ['a newer schema version', JSON.stringify({ schemaVersion: 99 }), /格式版本 99 .*请升级程序/],
  ];

  test.each(corruptions)(
    'a data file that is %s stops the store with a clear message and stays as it was',
    async (_, content, message) => {
      const dir = tempDir();
      writeFileSync(join(dir, SNAPSHOT_FILE), content);
      const before = readFileSync(join(dir, SNAPSHOT_FILE));
      const err = await Store.open(dir).catch((e) => e);
      expect(err).toBeInstanceOf(DataFileError);
      expect(err.message).toMatch(message);
      expect(err.message).toContain(join(dir, SNAPSHOT_FILE));
      expect(readFileSync(join(dir, SNAPSHOT_FILE)).equals(before)).toBe(true);
      expect(existsSync(join(dir, 'backups'))).toBe(false);
    },
  );

  test('a corrupt line inside the journal is refused, not skipped', async () => {
    const dir = tempDir();
    const store = await Store.open(dir);
    await store.commit(bind(1));
    await store.commit(bind(2));
    await store.close().catch(() => {});
    const s = await Store.open(dir, { compactEvery: 1000 });
    await s.commit(bind(3));
    await s.commit(bind(4));
    const path = join(dir, JOURNAL_FILE);
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[0] = 'garbage';
    writeFileSync(path, lines.join('\n'));
    writeFileSync(join(dir, 'store.lock'), '999999');
    const err = await Store.open(dir).catch((e) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.message).toMatch(/第 1 行无法读取/);
    expect(readFileSync(path, 'utf8').startsWith('garbage')).toBe(true);
  });

  test('one process per data folder', async () => {
    const dir = tempDir();
    const a = await Store.open(dir);
    writeFileSync(join(dir, 'store.lock'), String(process.ppid));
    await expect(Store.open(dir)).rejects.toThrow(/正被另一个进程/);
    await a.close();
  });

  test('keeps one backup a day, the newest 7', async () => {
    const dir = tempDir();
    let day = Date.parse('2022-08-01T10:00:00+08:00');
    for (let i = 0; i < 10; i++) {
      const s = await Store.open(dir, { now: () => day });
      await s.commit(bind(i + 1));
      await s.close();
      day += 86_400_000;
    }
    const backups = readdirSync(join(dir, 'backups'))
      .filter((f) => /^store-.*\.json$/.test(f))
      .sort();
    expect(backups).toHaveLength(7);
    // each with the hash it was made with, and none for the copies let go
    expect(
      readdirSync(join(dir, 'backups')).filter((f) => /^\.store-.*\.json\.sha256$/.test(f)),
    ).toHaveLength(7);
    expect(backups[0]).toBe('store-2022-08-04.json');
    expect(backups[6]).toBe('store-2022-08-10.json');
    expect(readSnapshotFile(join(dir, 'backups', backups[6] ?? '')).seq).toBe(9);
  });
});

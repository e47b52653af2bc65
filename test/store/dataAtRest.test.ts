import { chmodSync, copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { DataFileError } from '../../src/store/DataFileError.js';
import { AUDIT_DIR, BACKUP_DIR, SCHEMA_VERSION, SNAPSHOT_FILE, Store } from '../../src/store/Store.js';
import type { NewEvent } from '../../src/store/state.js';
import { readSnapshotFile } from '../kit/snapshotFile.js';
import { GROUP, makeBoundBot, tempDir } from '../kit/testBot.js';

const meta = (n: number) => ({
  by: '张敏',
  unit: '东城司法所',
  at: '2022-08-05T09:00:00+08:00',
  msgId: `m${n}`,
});
const bind = (n: number): NewEvent => ({
  ...meta(n),
  type: 'bind',
  person: `人员${n}`,
  toUnit: '东城司法所',
});
const mode = (path: string) => statSync(path).mode & 0o777;

describe('data at rest', () => {
  test('under umask 022 the data folder is 0700 and every file the store writes 0600', async () => {
    const old = process.umask(0o022);
    try {
      const dir = join(tempDir(), 'data');
      const store = await Store.open(dir, { compactEvery: 3 });
      for (let i = 1; i <= 7; i++) await store.commit(bind(i));
      await store.settled();
      expect(mode(dir)).toBe(0o700);
      expect(mode(join(dir, AUDIT_DIR))).toBe(0o700);
      expect(mode(join(dir, BACKUP_DIR))).toBe(0o700);
      const files = [
        join(dir, SNAPSHOT_FILE),
        join(dir, 'journal.jsonl'),
        join(dir, 'store.lock'),
        ...readdirSync(join(dir, AUDIT_DIR)).map((f) => join(dir, AUDIT_DIR, f)),
        ...readdirSync(join(dir, BACKUP_DIR)).map((f) => join(dir, BACKUP_DIR, f)),
      ];
      expect(files.length).toBeGreaterThanOrEqual(6);
      for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600]);
      await store.close();
    } finally {
      process.umask(old);
    }
  });
});

describe('a change happens once, or not at all', () => {
  test('a read-only store.json: every change still acknowledged and kept exactly once', async () => {
    const dir = tempDir();
    const first = await Store.open(dir);
    await first.close();
    chmodSync(join(dir, SNAPSHOT_FILE), 0o444);
    const store = await Store.open(dir, { compactEvery: 4 });
    for (let i = 1; i <= 30; i++) await store.commit(bind(i));
    await store.close();
    const again = await Store.open(dir);
    expect(again.state.seq).toBe(30);
    expect(Object.keys(again.state.bindings)).toHaveLength(30);
    await again.close();
  });

  test('#走访 5 教育 3 is one record: one journal line, both figures', async () => {
    const bot = await makeBoundBot();
    const seq = bot.store.state.seq;
    expect(await bot.say('张敏', '#走访 5 教育 3')).toMatch(/走访 \+5.*教育 \+3/);
    expect(bot.store.state.seq).toBe(seq + 2);
    const lines = readFileSync(join(bot.dir, 'data', 'journal.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const last = JSON.parse(lines.at(-1) ?? '');
    expect(Array.isArray(last) && last.map((e: { report: { item: string } }) => e.report.item)).toEqual([
      '走访',
      '教育',
    ]);
    await bot.close();
  });

  test('a message id that made a change before a restart changes nothing after it (and after a fold)', async () => {
    const dir = tempDir();
    const first = await makeBoundBot({ dir });
    const msg = {
      id: 'wx-123',
      room: GROUP,
      sender: { key: '张敏', name: '张敏' },
      text: '#走访 5',
      mentionsBot: false,
      at: first.now(),
    };
    expect((await first.bot.onMessage(msg))[0]?.reply).toMatchObject({
      text: expect.stringMatching(/累计 5/),
    });
    await first.close(); // folds: the id now lives in the snapshot
    const second = await makeBoundBot({ dir });
    expect(await second.bot.onMessage(msg)).toEqual([]);
    expect(second.store.state.figures.filter((f) => f.kind === 'add')).toHaveLength(1);
    expect(second.logs.join('\n')).toMatch(/wx-123: duplicate, skipped/);
    // another id still counts (the same figures again within 10 minutes: confirmed)
    const other = await second.bot.onMessage({ ...msg, id: 'wx-124', text: `${msg.text}\n确认：是` });
    expect(other[0]?.reply).toMatchObject({ text: expect.stringMatching(/累计 10/) });
    await second.close();
  });
});

describe('history and restore', () => {
  test('#历史 reads every change of a record from the history segments, across folds', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#隐患\n类别：二.4\n情况：请假超时\n措施：约谈\n时限：9月5日');
    for (let i = 0; i < 3; i++) {
      await bot.say('张敏', `#整改 H1 ${i % 2 === 0 ? '整改中' : '未整改'}`);
      await bot.store.compact();
    }
    const text = await bot.say('张敏', '#历史 H1');
    expect(text).toMatch(/H1 的变更记录（4 项）/);
    expect(readdirSync(join(bot.dir, 'data', AUDIT_DIR)).length).toBeGreaterThanOrEqual(3);
    await bot.close();
  });

  test('a format-1 store.json (history inside) is read, its history moved to audit/', async () => {
    const dir = tempDir();
    const at = '2022-08-05T09:00:00+08:00';
    const hazard = {
      category: '二.4',
      situation: '旧格式',
      measure: '约谈',
      department: '东城司法所',
      owner: '张敏',
      deadline: '2022-09-05',
      status: '未整改',
      note: null,
    };
    const ev = { by: '张敏', unit: '东城司法所', at, msgId: 'old-1', seq: 1, type: 'hazard.add', hazard };
    writeFileSync(
      join(dir, SNAPSHOT_FILE),
      JSON.stringify({
        schemaVersion: 1,
        seq: 1,
        bindings: {},
        hazards: [
          { ...hazard, id: 1, unit: '东城司法所', createdBy: '张敏', createdAt: at, rev: 1, withdrawn: null },
        ],
        keyPersons: [],
        figures: [],
        submissions: [],
        reminders: {},
        audit: [{ ...ev, target: 'H1' }],
      }),
    );
    const store = await Store.open(dir);
    expect(store.state.hazards[0]?.situation).toBe('旧格式');
    expect(store.history('H1')).toEqual([{ ...ev, target: 'H1' }]);
    expect(store.handled('old-1')).toBe(true);
    const snapshot = readSnapshotFile(join(dir, SNAPSHOT_FILE));
    expect(snapshot.schemaVersion).toBe(SCHEMA_VERSION);
    expect(snapshot.audit).toBeUndefined();
    await store.close();
  });

  test('restore as the README says: a backup over a damaged store.json, the later changes replayed from the history', async () => {
    const dir = tempDir();
    let day = Date.parse('2022-08-05T10:00:00+08:00');
    const a = await Store.open(dir, { now: () => day, compactEvery: 4 });
    for (let i = 1; i <= 5; i++) await a.commit(bind(i));
    await a.close();
    day += 86_400_000;
    const b = await Store.open(dir, { now: () => day, compactEvery: 4 }); // the new day’s backup: changes 1..5
    for (let i = 6; i <= 13; i++) await b.commit(bind(i));
    await b.close();
    writeFileSync(join(dir, SNAPSHOT_FILE), '{"schemaVersion":2,"seq":13,"bindi'); // damaged
    const err = await Store.open(dir).catch((e) => e);
    expect(err).toBeInstanceOf(DataFileError);
    expect(err.message).toMatch(/backups/);
    const backups = readdirSync(join(dir, BACKUP_DIR))
      .filter((f) => !f.startsWith('.'))
      .sort();
    copyFileSync(join(dir, BACKUP_DIR, backups.at(-1) ?? ''), join(dir, SNAPSHOT_FILE));
    const restored = await Store.open(dir);
    expect(restored.state.seq).toBe(13);
    expect(Object.keys(restored.state.bindings)).toHaveLength(13);
    await restored.close();
  });
});

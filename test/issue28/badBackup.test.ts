import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { BACKUP_DIR, SNAPSHOT_FILE, Store } from '../../src/store/Store.js';
import type { NewEvent } from '../../src/store/state.js';
import { readSnapshotFile } from '../kit/snapshotFile.js';
import { tempDir } from '../kit/testBot.js';

const bind = (n: number): NewEvent => ({
  by: '张敏',
  unit: '东城司法所',
  at: '2022-08-05T09:00:00+08:00',
  msgId: `m${n}`,
  type: 'bind',
  person: `人员${n}`,
  toUnit: '东城司法所',
});

const day = Date.parse('2022-08-05T10:00:00+08:00');
const backup = (dir: string) => join(dir, BACKUP_DIR, 'store-2022-08-05.json');

async function openSettled(dir: string): Promise<Store> {
  const s = await Store.open(dir, { now: () => day });
  await s.settled();
  return s;
}

describe("a day's backup that does not verify", () => {
  test.each([
    ['cut short', (t: string) => t.slice(0, Math.floor(t.length / 2))],
    ['not this program’s format', () => JSON.stringify({ schemaVersion: 2, seq: 'x' })],
  ])(
    '(%s): admins are told once, it is not the day’s backup, a verified copy replaces it',
    async (_, spoil) => {
      const dir = tempDir();
      const a = await openSettled(dir);
      await a.commit(bind(1));
      await a.close();
      writeFileSync(backup(dir), spoil(readFileSync(backup(dir), 'utf8')));

      const b = await openSettled(dir);
      const alarms = b.takeAlarms();
      expect(alarms).toHaveLength(1);
      expect(alarms[0]).toMatch(/备份.*store-2022-08-05\.json.*校验/);
      // tried again: the day's backup is now a good copy of store.json
      expect(readFileSync(backup(dir), 'utf8')).toBe(readFileSync(join(dir, SNAPSHOT_FILE), 'utf8'));
      expect(readSnapshotFile(backup(dir)).seq).toBe(1);
      await b.commit(bind(2));
      await b.close();

      // a good backup raises nothing
      const c = await openSettled(dir);
      expect(c.takeAlarms()).toEqual([]);
      expect(readdirSync(join(dir, BACKUP_DIR)).sort()).toEqual([
        '.store-2022-08-05.json.sha256',
        'store-2022-08-05.json',
      ]);
      await c.close();
    },
  );

  test('a backup whose bytes still hash to what was written beside it is taken as made, not read through', async () => {
    const dir = tempDir();
    const a = await openSettled(dir);
    await a.commit(bind(1));
    await a.close();
    // bytes that would not parse, with their own hash beside them: only the hash is looked at
    const spoiled = '{"schemaVersion":3,"seq":';
    writeFileSync(backup(dir), spoiled);
    writeFileSync(
      join(dir, BACKUP_DIR, '.store-2022-08-05.json.sha256'),
      createHash('sha256').update(spoiled).digest('hex'),
    );
    const b = await openSettled(dir);
    expect(b.takeAlarms()).toEqual([]);
    expect(readFileSync(backup(dir), 'utf8')).toBe(spoiled);
    await b.close();
    // without the hash beside it, the same bytes are read through and refused
    writeFileSync(join(dir, BACKUP_DIR, '.store-2022-08-05.json.sha256'), 'not the hash');
    const c = await openSettled(dir);
    expect(c.takeAlarms()).toHaveLength(1);
    await c.close();
  });
});

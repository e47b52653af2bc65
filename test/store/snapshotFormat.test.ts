import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { generate, profileCampaign } from '../../bench/profile.js';
import { SCHEMA_VERSION, SNAPSHOT_FILE, Store } from '../../src/store/Store.js';
import type { State } from '../../src/store/state.js';
import { folderWith, readSnapshotFile, refusal } from '../kit/snapshotFile.js';
import { tempDir } from '../kit/testBot.js';

/** 16,000 records in 40 units: about 4.5 MB of snapshot, so lines cross the reader's 4 MB chunks. */
function bigState(): State {
  return generate(16_000, profileCampaign({ units: 40, unitsPerGroup: 40 }));
}

const snapshotOf = (dir: string) => readFileSync(join(dir, SNAPSHOT_FILE), 'utf8');

describe('store.json, a file of lines (format 3)', () => {
  test('a format-2 file opens as it was and is written anew as lines, which open to the same state', async () => {
    const state = bigState();
    const dir = await folderWith(state);
    const text = snapshotOf(dir);
    expect(statSync(join(dir, SNAPSHOT_FILE)).size).toBeGreaterThan(4 << 20);
    const lines = text.trimEnd().split('\n');
    expect(JSON.parse(lines[0] ?? '').schemaVersion).toBe(SCHEMA_VERSION);
    // no line is the whole file: the records come about 128 Ki characters to a line
    expect(lines.length).toBeGreaterThan(10);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(400_000);
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual([
      'end',
      {
        hazards: state.hazards.length,
        keyPersons: state.keyPersons.length,
        figures: state.figures.length,
        submissions: 0,
        historyH: 0,
        historyP: 0,
        history: 0,
        handled: 0,
        reminders: 0,
      },
    ]);
    expect(readSnapshotFile(join(dir, SNAPSHOT_FILE)).hazards).toEqual(state.hazards);
    const store = await Store.open(dir);
    expect(store.state.hazards).toEqual(state.hazards);
    expect(store.state.keyPersons).toEqual(state.keyPersons);
    expect(store.state.figures).toEqual(state.figures);
    expect(store.state.bindings).toEqual(state.bindings);
    expect(store.state.seq).toBe(state.seq);
    await store.close();
  });

  test('cut short at the end of a line, or inside one, it is refused as cut short and left as it was', async () => {
    const dir = await folderWith(bigState());
    const lines = snapshotOf(dir).split('\n');
    writeFileSync(join(dir, SNAPSHOT_FILE), `${lines.slice(0, -2).join('\n')}\n`); // the end line gone
    expect((await refusal(dir)).message).toMatch(/不完整（可能被截断/);
    writeFileSync(join(dir, SNAPSHOT_FILE), snapshotOf(dir).slice(0, 3_000_000));
    expect((await refusal(dir)).message).toMatch(/不完整（可能被截断/);
  });

  test('a line of records missing (the end line kept) is refused by the counts', async () => {
    const dir = await folderWith(bigState());
    const lines = snapshotOf(dir).split('\n');
    lines.splice(3, 1);
    writeFileSync(join(dir, SNAPSHOT_FILE), lines.join('\n'));
    expect((await refusal(dir)).message).toMatch(/hazards 应有 \d+ 条，读到 \d+ 条/);
  });

  test('a record changed by hand (the hash no longer vouches for it) is checked and refused by its place', async () => {
    const dir = await folderWith(bigState());
    writeFileSync(
      join(dir, SNAPSHOT_FILE),
      snapshotOf(dir).replace('"status":"未整改"', '"status":"已销毁"'),
    );
    expect((await refusal(dir)).message).toMatch(/hazards\.\d+\.status/);
  });

  test('bytes that are not UTF-8, anything after the end line, an unknown part: refused', async () => {
    const dir = await folderWith(bigState());
    const good = readFileSync(join(dir, SNAPSHOT_FILE));
    const bad = Buffer.from(good);
    bad[good.indexOf('未整改')] = 0xff;
    writeFileSync(join(dir, SNAPSHOT_FILE), bad);
    expect((await refusal(dir)).message).toMatch(/第 \d+ 行不是有效的 JSON/);
    writeFileSync(join(dir, SNAPSHOT_FILE), `${good}["hazards",[]]\n`);
    expect((await refusal(dir)).message).toMatch(/结束标记之后还有内容/);
    writeFileSync(join(dir, SNAPSHOT_FILE), good.toString().replace('["figures",', '["secrets",'));
    expect((await refusal(dir)).message).toMatch(/未知部分 secrets/);
  });
});

describe('the index of the history in store.json', () => {
  test('records changed once, several times or not at all, an import marker, and the reminders sent: the same after a fold and a restart', async () => {
    const dir = tempDir();
    const store = await Store.open(dir, { compactEvery: 1000 });
    const meta = (n: number) => ({
      by: '张敏',
      unit: '东城司法所',
      at: '2022-08-05T09:00:00+08:00',
      msgId: `m${n}`,
    });
    const hazard = {
      category: '二.4',
      situation: '请假超时',
      measure: '约谈',
      department: '东城司法所',
      owner: '张敏',
      deadline: '2022-09-05',
      status: '未整改' as const,
      note: null,
    };
    await store.commit({ ...meta(1), type: 'hazard.add', hazard });
    await store.commit({ ...meta(2), type: 'hazard.add', hazard });
    await store.commit({ ...meta(3), type: 'hazard.edit', id: 1, changes: { status: ['未整改', '整改中'] } });
    await store.commit({ ...meta(4), type: 'hazard.edit', id: 1, changes: { measure: ['约谈', '训诫'] } });
    // an import: its records and its marker, one change
    await store.commitAll([
      { ...meta(5), type: 'hazard.add', hazard },
      { ...meta(5), type: 'import', kind: 'hazards', file: '台账.xlsx', first: 3, rows: [5] },
    ]);
    await store.commit({
      ...meta(8),
      unit: null,
      type: 'reminder.sent',
      keys: ['hazards:东城司法所:2022-08-05'],
    });
    const before = ['H1', 'H2', 'H3', 'H4', '导入:m5'].map((t) => store.history(t));
    expect(before.map((h) => h.map((e) => e.seq))).toEqual([[1, 3, 4], [2], [5], [], [6]]);
    await store.compact();
    await store.close();
    const kept = readSnapshotFile(join(dir, SNAPSHOT_FILE));
    expect(kept.history).toEqual({ H1: [1, 3, 4], H2: [2], H3: [5], '导入:m5': [6] });
    // the reminders sent are lines of their own, not the head's: a province sends about 240k
    const lines = readFileSync(join(dir, SNAPSHOT_FILE), 'utf8').split('\n');
    expect(JSON.parse(lines[0] ?? '').reminders).toEqual({});
    expect(lines).toContain('["reminders",[["hazards:东城司法所:2022-08-05","2022-08-05T09:00:00+08:00"]]]');
    const again = await Store.open(dir);
    expect(again.state.reminders).toEqual({ 'hazards:东城司法所:2022-08-05': '2022-08-05T09:00:00+08:00' });
    expect(['H1', 'H2', 'H3', 'H4', '导入:m5'].map((t) => again.history(t))).toEqual(before);
    // and it goes on: a later change of H2 joins its list
    await again.commit({ ...meta(7), type: 'hazard.edit', id: 2, changes: { measure: ['约谈', '走访'] } });
    expect(again.history('H2').map((e) => e.seq)).toEqual([2, 8]);
    await again.close();
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { SNAPSHOT_FILE, Store } from '../../src/store/Store.js';
import type { NewEvent } from '../../src/store/state.js';
import { readSnapshotFile } from '../kit/snapshotFile.js';
import { HAZARD, makeBoundBot, tempDir, textOf } from '../kit/testBot.js';

const numberIn = (text: string) => Number(/编号 (\d+)/.exec(text)?.[1]);

describe('binding request numbers are their own series: 1, 2, 3, never reused', () => {
  test('other changes in between do not make them skip, and a restart continues the series', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    const first = textOf((await bot.sendAs('zhao', '赵六', '#绑定 南城'))[0]);
    expect(numberIn(first)).toBe(1);
    expect(await bot.say('王科长', '#批准 1', null)).toMatch(/^已批准：赵六 → 南城司法所/);
    await bot.say('张敏', HAZARD.replace('刘某', '王某'));
    await bot.say('张敏', '#走访 3');
    const second = textOf((await bot.sendAs('qian', '钱七', '#绑定 东城'))[0]);
    expect(numberIn(second)).toBe(2);
    const third = textOf((await bot.sendAs('sun', '孙八', '#绑定 督导'))[0]);
    expect(numberIn(third)).toBe(3);
    expect(await bot.say('管理员', '#拒绝 3', null)).toMatch(/已拒绝/);
    // the snapshot is rewritten and read back: the series goes on, 3 is not given again
    await bot.store.compact();
    const dir = bot.dir;
    const campaign = bot.deps.campaign;
    await bot.close();
    const again = await makeBoundBot({ campaign, dir, at: '2022-08-06T09:00:00+08:00' });
    const fourth = textOf((await again.sendAs('sun', '孙八', '#绑定 督导'))[0]);
    expect(numberIn(fourth)).toBe(4);
    expect(await again.say('管理员', '#批准', null)).toMatch(/^2 {2}钱七/m);
    await again.close();
  });
});

const meta = (n: number) => ({ by: '管理员', unit: null, at: '2022-08-05T09:00:00+08:00', msgId: `m${n}` });
const ask = (n: number, person: string): NewEvent => ({
  ...meta(n),
  type: 'bind.request',
  person,
  name: person,
  kind: 'unit',
  toUnit: '东城司法所',
});

test('a data file from before the series (requests numbered by change) goes on past every number it gave', async () => {
  const dir = tempDir();
  const a = await Store.open(dir);
  await a.commit({ ...meta(1), type: 'bind', person: 'x', toUnit: '东城司法所' });
  await a.commit({ ...meta(2), type: 'bind', person: 'y', toUnit: '东城司法所' });
  await a.commit(ask(3, 'zhao'));
  await a.close();
  // as the older program wrote it (format 2, one JSON document): request 3 numbered by its change, no series
  const path = join(dir, SNAPSHOT_FILE);
  const old = readSnapshotFile(path);
  old.schemaVersion = 2;
  delete old.requestsFiled;
  old.requests.zhao.no = 3;
  writeFileSync(path, JSON.stringify(old));
  const b = await Store.open(dir);
  await b.commit({ ...meta(4), type: 'bind', person: 'z', toUnit: '东城司法所' });
  await b.commit(ask(5, 'qian'));
  await b.commit(ask(6, 'sun'));
  expect([b.state.requests.zhao?.no, b.state.requests.qian?.no, b.state.requests.sun?.no]).toEqual([3, 5, 6]);
  await b.close();
});

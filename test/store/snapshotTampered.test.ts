import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { generate, profileCampaign } from '../../bench/profile.js';
import { SNAPSHOT_FILE } from '../../src/store/Store.js';
import { snapshotReader } from '../../src/store/snapshotLines.js';
import type { State } from '../../src/store/state.js';
import { folderWith, refusal } from '../kit/snapshotFile.js';
import { tempDir } from '../kit/testBot.js';

/** A few hundred records whose text is Chinese (three UTF-8 bytes a character). */
const smallState = (): State => generate(600, profileCampaign({ units: 6, unitsPerGroup: 6 }));

/** store.json's lines with `edit` applied to the parsed line of `part`'s records, and the end line's counts kept true. */
function rewrite(dir: string, part: string, edit: (items: unknown[]) => unknown[]): void {
  const lines = readFileSync(join(dir, SNAPSHOT_FILE), 'utf8').trimEnd().split('\n');
  const at = lines.findIndex((l) => l.startsWith(`["${part}",`));
  const [, items] = JSON.parse(lines[at] as string) as [string, unknown[]];
  const edited = edit(items);
  lines[at] = JSON.stringify([part, edited]);
  const [, counts] = JSON.parse(lines.at(-1) as string) as [string, Record<string, number>];
  counts[part] = (counts[part] as number) + edited.length - items.length;
  lines[lines.length - 1] = JSON.stringify(['end', counts]);
  writeFileSync(join(dir, SNAPSHOT_FILE), `${lines.join('\n')}\n`);
}

describe('store.json edited by hand or corrupted: refused, never misread', () => {
  test('a hazard taken out of the middle, the counts made to match: refused, not every later hazard renumbered', async () => {
    const dir = await folderWith(smallState());
    rewrite(dir, 'hazards', (items) => items.filter((_, i) => i !== 4));
    expect((await refusal(dir)).message).toMatch(/hazards\.4\.id/);
  });

  test('a key person twice, the counts made to match: refused', async () => {
    const dir = await folderWith(smallState());
    rewrite(dir, 'keyPersons', (items) => [...items, items[0]]);
    expect((await refusal(dir)).message).toMatch(/keyPersons\.\d+\.id/);
  });

  test('a format-2 file with a byte that is not UTF-8 inside a name: refused, not read with U+FFFD and written anew', async () => {
    const state = smallState();
    const dir = tempDir();
    const good = Buffer.from(JSON.stringify({ ...state, schemaVersion: 2 }));
    const bad = Buffer.from(good);
    const name = state.keyPersons[0]?.name as string;
    bad[good.indexOf(name) + 1] = 0xff;
    writeFileSync(join(dir, SNAPSHOT_FILE), bad);
    expect((await refusal(dir)).message).toMatch(/UTF-8/);
  });

  test('read a few bytes at a time (characters and lines split between chunks), the file gives what it gives whole', async () => {
    const dir = await folderWith(smallState());
    const path = join(dir, SNAPSHOT_FILE);
    const bytes = readFileSync(path);
    const read = (size: number) => {
      const r = snapshotReader(path, '');
      for (let at = 0; at < bytes.length; at += size) r.push(bytes.subarray(at, at + size));
      return r.end(false);
    };
    const whole = read(bytes.length);
    expect(whole.state.keyPersons.length).toBeGreaterThan(0);
    for (const size of [1, 2, 7, 4096]) expect(read(size)).toEqual(whole);
    // Windows line ends (an editor's save) read the same
    const crlf = Buffer.from(bytes.toString('utf8').replaceAll('\n', '\r\n'));
    const r = snapshotReader(path, '');
    r.push(crlf);
    expect(r.end(false)).toEqual(whole);
  });

  test('a head with a key of its own, counts written as strings, an empty line, the last newline gone: each refused', async () => {
    const dir = await folderWith(smallState());
    const path = join(dir, SNAPSHOT_FILE);
    const good = readFileSync(path, 'utf8');
    const lines = good.trimEnd().split('\n');
    const variants: [string, RegExp][] = [
      [good.replace('{"schemaVersion":3,', '{"schemaVersion":3,"admin":true,'), /未知字段 admin/],
      [
        `${[...lines.slice(0, -1), JSON.stringify(['end', Object.fromEntries(Object.entries(JSON.parse(lines.at(-1) as string)[1]).map(([k, v]) => [k, String(v)]))])].join('\n')}\n`,
        /hazards 应有 \d+ 条/,
      ],
      [`${[lines[0], '', ...lines.slice(1)].join('\n')}\n`, /第 2 行不是有效的 JSON/],
      [good.trimEnd(), /不完整（可能被截断/],
    ];
    for (const [text, why] of variants) {
      writeFileSync(path, text);
      expect((await refusal(dir)).message).toMatch(why);
    }
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { DataFileError } from '../../src/store/DataFileError.js';
import { writeFileDurably } from '../../src/store/FsyncJsonFile.js';
import { SNAPSHOT_FILE, Store } from '../../src/store/Store.js';
import type { State } from '../../src/store/state.js';
import { tempDir } from './testBot.js';

/** A snapshot as one object: its head, each part's records, the history index and the handled ids. */
// biome-ignore lint/suspicious/noExplicitAny: tests look into whatever the file holds
export type SnapshotObject = Record<string, any>;

/**
 * `store.json` (or a backup) read as the format describes it, apart from the store's own reader: a
 * head line, then `[part, items]` lines, then `["end", counts]`. The counts must match what was read.
 */
export function readSnapshotFile(path: string): SnapshotObject {
  const text = readFileSync(path, 'utf8');
  if (!text.endsWith('\n')) throw new Error(`${path}: the last line has no end`);
  const [head, ...lines] = text
    .slice(0, -1)
    .split('\n')
    .map((l) => JSON.parse(l));
  const o: SnapshotObject = {
    ...head,
    hazards: [],
    keyPersons: [],
    figures: [],
    submissions: [],
    history: {},
    handled: [],
  };
  let counts: SnapshotObject | null = null;
  const slots: Record<string, unknown[]> = { historyH: [], historyP: [] };
  for (const [part, items] of lines) {
    if (part === 'end') counts = items;
    else if (part === 'history') for (const [target, seqs] of items) o.history[target] = seqs;
    else if (part === 'reminders') for (const [key, at] of items) o.reminders[key] = at;
    else if (part in slots) slots[part]?.push(...items);
    else o[part].push(...items);
  }
  // the index by record number (a slot: 0, one seq, or several) as records and their seqs
  for (const [part, list] of Object.entries(slots))
    list.forEach((slot, i) => {
      if (slot !== 0) o.history[`${part.slice(-1)}${i + 1}`] = typeof slot === 'number' ? [slot] : slot;
    });
  if (!counts) throw new Error(`${path}: no end line`);
  for (const part of ['hazards', 'keyPersons', 'figures', 'submissions', 'handled'])
    if (counts[part] !== o[part].length)
      throw new Error(`${path}: ${part} counted ${counts[part]}, read ${o[part].length}`);
  return o;
}

/**
 * A data folder whose store.json is `state` as the store writes it (format 3), with no hash beside
 * it: written in format 2 and opened once, which writes it anew in the current format.
 */
export async function folderWith(state: State): Promise<string> {
  const made = tempDir();
  writeFileDurably(join(made, SNAPSHOT_FILE), JSON.stringify({ ...state, schemaVersion: 2 }));
  await (await Store.open(made)).close();
  const dir = tempDir();
  writeFileSync(join(dir, SNAPSHOT_FILE), readFileSync(join(made, SNAPSHOT_FILE)));
  return dir;
}

/** Opening the folder fails with a DataFileError, and leaves store.json byte for byte as it was, no backup made. */
export async function refusal(dir: string): Promise<DataFileError> {
  const before = readFileSync(join(dir, SNAPSHOT_FILE));
  const err = await Store.open(dir).catch((e) => e);
  expect(err).toBeInstanceOf(DataFileError);
  expect(readFileSync(join(dir, SNAPSHOT_FILE)).equals(before)).toBe(true);
  expect(existsSync(join(dir, 'backups'))).toBe(false);
  return err as DataFileError;
}

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyEvent } from './applyEvent.js';
import { DataFileError } from './DataFileError.js';
import { emptyState, SCHEMA_VERSION, type State, type StoredEvent } from './state.js';
import { eventSchema, stateSchema } from './stateSchema.js';

const SNAPSHOT = 'store.json';
const JOURNAL = 'journal.jsonl';

/**
 * The state of a data folder, read without taking the writer's lock and without writing anything:
 * for `npm run export` while the bot runs. The journal is read BEFORE the snapshot: the writer
 * replaces the snapshot atomically and only then empties the journal, so whatever moment each file
 * is read at, the snapshot is at least as new as the journal's start and the changes line up.
 * A last journal line without its newline is a change still being written: it is left out.
 */
export function readSnapshot(dir: string): State {
  const abs = resolve(dir);
  const snapshotPath = join(abs, SNAPSHOT);
  const journalPath = join(abs, JOURNAL);
  if (!existsSync(abs)) throw new DataFileError(`数据目录 ${abs} 不存在。请用 --data 指定机器人的数据目录。`);
  for (let attempt = 0; attempt < 3; attempt++) {
    const journal = existsSync(journalPath) ? readFileSync(journalPath, 'utf8') : '';
    const state = existsSync(snapshotPath) ? parseState(snapshotPath) : emptyState();
    const lines = journal.split('\n');
    lines.pop(); // '' after the last newline, or a line still being written
    let gap = false;
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let ev: StoredEvent;
      try {
        ev = eventSchema.parse(JSON.parse(line)) as StoredEvent;
      } catch (e) {
        throw new DataFileError(
          `日志文件 ${journalPath} 第 ${i + 1} 行无法读取（${(e as Error).message.slice(0, 120)}）。`,
        );
      }
      if (ev.seq <= state.seq) continue;
      if (ev.seq !== state.seq + 1) {
        gap = true;
        break;
      }
      applyEvent(state, ev);
    }
    if (!gap) return state;
  }
  throw new DataFileError(`数据目录 ${abs} 正在频繁写入，未能读到一致的数据，请稍后重试。`);
}

function parseState(path: string): State {
  const text = readFileSync(path, 'utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DataFileError(`数据文件 ${path} 不是有效的 JSON（${(e as Error).message}）。`);
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION)
    throw new DataFileError(
      `数据文件 ${path} 的格式版本 ${version} 比本程序支持的 ${SCHEMA_VERSION} 新：请升级程序。`,
    );
  const r = stateSchema.safeParse(raw);
  if (!r.success) throw new DataFileError(`数据文件 ${path} 不是本程序的数据格式。`);
  return r.data as unknown as State;
}

import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataFileError } from './DataFileError.js';
import type { Projection } from './Projection.js';
import { AUDIT_DIR, JOURNAL_FILE, SNAPSHOT_FILE, Store } from './Store.js';
import type { State } from './state.js';

/**
 * The state of a data folder, read without taking the writer's lock and without writing to it:
 * for `npm run export` while the bot runs. The history, journal and snapshot are copied (in that
 * order) to a temp folder and opened there; a copy caught mid-rotation does not line up and is
 * taken again. `projections` are kept on the state as the bot keeps them, so a form reads them
 * instead of a pass over the store for each unit.
 */
export async function readSnapshot(
  dir: string,
  projections: readonly Projection<unknown>[] = [],
): Promise<State> {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new DataFileError(`数据目录 ${abs} 不存在。请用 --data 指定机器人的数据目录。`);
  let last: unknown = null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const copy = mkdtempSync(join(tmpdir(), 'jiaozheng-read-'));
    try {
      if (existsSync(join(abs, AUDIT_DIR)))
        cpSync(join(abs, AUDIT_DIR), join(copy, AUDIT_DIR), { recursive: true });
      for (const f of [JOURNAL_FILE, SNAPSHOT_FILE])
        if (existsSync(join(abs, f))) cpSync(join(abs, f), join(copy, f));
      const store = await Store.open(copy, { projections });
      const state = store.state;
      await store.close();
      return state;
    } catch (e) {
      if (!(e instanceof DataFileError)) throw e;
      last = e;
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }
  throw last;
}

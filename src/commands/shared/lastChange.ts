import type { Store } from '../../store/Store.js';
import type { AuditEntry } from '../../store/state.js';

/**
 * A person's most recent change, if made at or after `since` (ms): what #撤销 undoes and what a
 * photo after #整改 belongs to. Read from the store's recent changes (those since start-up). Changes
 * `skip` names are passed over (a saved photo is not what a later photo belongs to).
 */
export function lastChangeBy(
  store: Store,
  person: string,
  since: number,
  skip: (e: AuditEntry) => boolean = () => false,
): AuditEntry | null {
  const seq = store.state.seq;
  let recent: readonly AuditEntry[] | null = null;
  for (const back of [4096, 1024, 256, 64, 16, 4, 1]) {
    recent = store.changesSince(Math.max(0, seq - back));
    if (recent) break;
  }
  for (let i = (recent?.length ?? 0) - 1; i >= 0; i--) {
    const e = recent?.[i] as AuditEntry;
    if (Date.parse(e.at) < since) return null;
    if (e.by === person && !skip(e)) return e;
  }
  return null;
}

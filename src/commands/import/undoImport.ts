import type { CommandContext } from '../../core/Command.js';
import type { Reply } from '../../core/types.js';
import { UserError } from '../../core/UserError.js';
import { formatDateTime } from '../../domain/dates.js';
import type { AuditEntry, NewEvent } from '../../store/state.js';
import { idRange } from './importEvents.js';

/**
 * `#撤销` right after an import: withdraws every record the import added, in one journal line
 * (all or none), provided none has been changed since (else the reply names it and nothing changes).
 */
export async function undoImport(
  ctx: CommandContext,
  marker: AuditEntry & { type: 'import' },
): Promise<Reply[]> {
  const { store } = ctx.deps;
  const n = marker.rows.length;
  const list = marker.kind === 'hazards' ? store.state.hazards : store.state.keyPersons;
  const prefix = marker.kind === 'hazards' ? 'H' : 'P';
  const events: NewEvent[] = [];
  for (let i = 0; i < n; i++) {
    const id = marker.first + i;
    const r = list[id - 1];
    // the adds sit just before the marker, in the same journal line
    if (!r || r.rev !== marker.seq - n + i || r.withdrawn)
      throw new UserError(
        `导入的 ${prefix}${id} 之后又有改动，不能整批撤销。请用 #删除 逐条删除不要的记录。`,
      );
    // a verification leaves the record's rev alone, yet withdrawing the record would wipe it
    const verified = 'verified' in r ? r.verified : null;
    if (verified)
      throw new UserError(
        `导入的 ${prefix}${id} 已于 ${formatDateTime(Date.parse(verified.at))} 由 ${verified.by} 核验销账，不能整批撤销。如确需改动，请联系督导。`,
      );
    const body = { id, changes: {}, withdrawn: true };
    events.push({
      ...ctx.meta(marker.unit),
      type: 'undo',
      undoes: marker.seq,
      ...(marker.kind === 'hazards' ? { hazard: body } : { keyPerson: body }),
    } as NewEvent);
  }
  await store.commitAll(events);
  return [
    {
      text: `已撤销：导入文件“${marker.file}”的 ${n} 条记录（${idRange(marker.kind, marker.first, n)}，${formatDateTime(Date.parse(marker.at))}）。已记入历史。`,
    },
  ];
}

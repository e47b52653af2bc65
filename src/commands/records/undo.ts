import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { formatDateTime } from '../../domain/dates.js';
import type { AuditEntry, Changes, NewEvent } from '../../store/state.js';
import { undoImport } from '../import/undoImport.js';
import { lastChangeBy } from '../shared/lastChange.js';

/** How long after a change its author may still undo it. */
export const UNDO_WINDOW_MS = 10 * 60_000;

function reverse<T>(changes: Changes<T>): Changes<T> {
  const out: Changes<T> = {};
  for (const [k, v] of Object.entries(changes) as [keyof T, [T[keyof T], T[keyof T]]][])
    out[k] = [v[1], v[0]];
  return out;
}

/** What an undo of `e` does, and how the reply names it; null for a change #撤销 does not undo. */
function undoOf(e: AuditEntry): { body: Extract<NewEvent, { type: 'undo' }>; what: string } | null {
  const base = { type: 'undo' as const, undoes: e.seq };
  switch (e.type) {
    case 'hazard.add':
    case 'hazard.withdraw':
    case 'hazard.edit': {
      const id = Number(e.target?.slice(1));
      const hazard =
        e.type === 'hazard.edit'
          ? { id, changes: reverse(e.changes) }
          : { id, changes: {}, withdrawn: e.type === 'hazard.add' };
      const what = { 'hazard.add': '登记', 'hazard.withdraw': '删除', 'hazard.edit': '修改' }[e.type];
      return { body: { ...base, hazard } as never, what: `${what} H${id}` };
    }
    case 'keyPerson.add':
    case 'keyPerson.withdraw':
    case 'keyPerson.edit': {
      const id = Number(e.target?.slice(1));
      const keyPerson =
        e.type === 'keyPerson.edit'
          ? { id, changes: reverse(e.changes) }
          : { id, changes: {}, withdrawn: e.type === 'keyPerson.add' };
      const what = { 'keyPerson.add': '登记', 'keyPerson.withdraw': '删除', 'keyPerson.edit': '修改' }[
        e.type
      ];
      return { body: { ...base, keyPerson } as never, what: `${what} P${id}` };
    }
    case 'figure': {
      const r = e.report;
      const what =
        r.kind === 'add'
          ? `${r.item} +${r.n}`
          : r.kind === 'correct'
            ? `更正 ${r.item} ${r.n}`
            : r.kind === 'set'
              ? `${r.item} ${r.value}`
              : `定位 ${r.registered}/${r.located}`;
      return { body: { ...base, figureSeq: e.seq } as never, what };
    }
    default:
      return null;
  }
}

/** `#撤销`: undoes my own last change, within 10 minutes; audited, and a submitted form shows 有更新. */
export const undo: Command = {
  name: '撤销',
  aliases: ['撤回', '撤销上一步'],
  access: 'staff',
  summary: '撤销本人 10 分钟内的上一项登记或修改',
  usage: '#撤销',
  async handle(ctx) {
    const { store } = ctx.deps;
    const last = lastChangeBy(store, ctx.msg.sender.key, ctx.msg.at - UNDO_WINDOW_MS);
    if (!last) throw new UserError('没有可撤销的更改（#撤销 撤回本人 10 分钟内的上一项更改）。');
    if (last.type === 'undo') throw new UserError('您的上一项更改已经撤销了（只能撤销一步）。');
    if (ctx.args !== '')
      throw new UserError('#撤销 不带参数，撤销本人上一项更改。要删除某条记录，请用 #删除 H编号 原因。');
    if (last.type === 'import') {
      if (!ctx.person.isSupervisor && ctx.person.unit !== last.unit)
        throw new UserError(
          `这次导入属于${last.unit}，您现在不能撤销。如需改动，请${last.unit}的同事或督导办理。`,
        );
      return undoImport(ctx, last);
    }
    const u = undoOf(last);
    if (!u)
      throw new UserError(
        `您的上一项更改（${formatDateTime(Date.parse(last.at))}）不能撤销：#撤销 只撤销登记、修改、删除和上报的数字。`,
      );
    // Whether I may still change that unit's records is decided now, by #删除's rule: a caseworker
    // moved to another unit since keeps no hand on the records of the unit they left.
    if (!ctx.person.isSupervisor && ctx.person.unit !== last.unit)
      throw new UserError(
        `${last.target ?? '这项上报'} 属于${last.unit}，您现在是${ctx.person.unit ?? '未绑定单位'}的，不能撤销您在${last.unit}时的更改（${u.what}）。如需改动，请${last.unit}的同事或督导办理。`,
      );
    const record = u.body.hazard
      ? store.state.hazards[u.body.hazard.id - 1]
      : u.body.keyPerson
        ? store.state.keyPersons[u.body.keyPerson.id - 1]
        : null;
    if (record && record.rev !== last.seq)
      throw new UserError(`${last.target} 之后又有改动，不能撤销。请用 #修改 ${last.target} 改回。`);
    // A verification leaves the record's fields (and its rev) alone, yet it is a supervisor's act
    // on what I changed: undoing my change would silently wipe it.
    const verified = u.body.hazard ? store.state.hazards[u.body.hazard.id - 1]?.verified : null;
    if (verified)
      throw new UserError(
        `${last.target} 已于 ${formatDateTime(Date.parse(verified.at))} 由 ${verified.by} 核验销账，不能撤销。如确需改动，请联系督导。`,
      );
    // A colleague's #更正 since is a fix relative to the total my report was part of (走访 +7, then
    // -2 for the 2 too many): taking my +7 away under it would leave -2, below zero.
    const report = last.type === 'figure' ? last.report : null;
    const corrected =
      report?.kind === 'add'
        ? store.state.figures.find(
            (f) =>
              f.seq > last.seq &&
              f.undone === undefined &&
              f.kind === 'correct' &&
              f.unit === last.unit &&
              f.item === report.item,
          )
        : undefined;
    if (corrected?.kind === 'correct')
      throw new UserError(
        `${last.unit}的${corrected.item}在您上报后已由 ${corrected.by} 更正（${corrected.n > 0 ? '+' : ''}${corrected.n}），不能撤销。如需改动，请用 #更正 ${corrected.item} 数量 原因。`,
      );
    await store.commit({ ...ctx.meta(last.unit), ...u.body });
    return [{ text: `已撤销：${u.what}（${formatDateTime(Date.parse(last.at))}）。已记入历史。` }];
  },
};

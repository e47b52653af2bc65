import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import type { HazardFields, KeyPersonFields } from '../../store/state.js';
import { findDuplicate } from '../keyPerson/findDuplicate.js';
import { idRange, importEvents, nextId } from './importEvents.js';
import { FORM_NAME } from './importPlan.js';
import { PENDING_MS, PendingImports } from './pendingImports.js';

/**
 * `确认导入`: stores the rows of the sender's last preview in one durable batch (one journal line:
 * all or none), then says 已导入. Rows someone logged meanwhile are skipped, as the preview's
 * duplicates were.
 */
export const confirmImport: Command = {
  name: '确认导入',
  access: 'staff',
  where: 'private',
  summary: '登记 #导入 预览中的各行（仅私聊）',
  usage: '确认导入',
  async handle(ctx) {
    const { store, clock } = ctx.deps;
    const key = ctx.msg.sender.key;
    const pending = PendingImports.of(store);
    const plan = pending.plan(key, clock.now());
    if (!plan)
      throw new UserError(
        `没有待确认的导入（预览 ${PENDING_MS / 60_000} 分钟内有效）。请重新发送文件，再发送 #导入。`,
      );
    if (!ctx.person.isSupervisor && ctx.person.unit !== plan.unit)
      throw new UserError(`这份预览是${plan.unit}的，您现在不能登记${plan.unit}的记录。`);
    // what was logged since the preview is not logged twice
    const state = store.state;
    const hazardKeys = new Set(
      state.hazards
        .filter((h) => !h.withdrawn && h.unit === plan.unit)
        .map((h) => `${h.category}\u0000${h.situation}`),
    );
    const rows = plan.good.filter((g) =>
      plan.kind === 'hazards'
        ? !hazardKeys.has(
            `${(g.fields as HazardFields).category}\u0000${(g.fields as HazardFields).situation}`,
          )
        : !findDuplicate(state.keyPersons, plan.unit, g.fields as KeyPersonFields),
    );
    pending.setPlan(key, null, clock.now());
    if (rows.length === 0) throw new UserError('预览中的各行都已有人登记，这次没有导入任何记录。');
    const first = nextId(state, plan.kind);
    await store.commitAll(importEvents(first, ctx.meta(plan.unit), plan.kind, plan.file, rows));
    const skipped = plan.good.length - rows.length;
    return [
      {
        text: `已导入 ${rows.length} 条${FORM_NAME[plan.kind]}记录到 ${plan.unit}（${idRange(plan.kind, first, rows.length)}），来自文件“${plan.file}”。${skipped ? `预览后已有人登记的 ${skipped} 条已跳过。` : ''}10 分钟内发送 #撤销 可整批撤回。`,
      },
    ];
  },
};

import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { assertMayActOn, findHazard, findKeyPerson, parseRecordId } from '../shared/recordId.js';

const USAGE = '#删除 H3 重复登记\n#删除 P2 已解除矫正';

/** `#删除 Hn|Pn 原因`: withdraw a record; it stays in the history but leaves the forms and counts. */
export const withdraw: Command = {
  name: '删除',
  aliases: ['作废'],
  access: 'staff',
  summary: '删除（作废）一条记录，须写原因，历史保留',
  usage: USAGE,
  async handle(ctx) {
    const { store } = ctx.deps;
    const { kind, id } = parseRecordId(ctx.argv[0], null, USAGE);
    const reason = ctx.argv.slice(1).join(' ').trim();
    const record = kind === 'H' ? findHazard(store.state, id) : findKeyPerson(store.state, id);
    const label = `${kind}${id}`;
    assertMayActOn(record, label, ctx.person);
    if (record.withdrawn) throw new UserError(`${label} 已经删除过了（${record.withdrawn.reason}）。`);
    if (!reason) throw new UserError(`删除 ${label} 要写明原因。`, USAGE);
    if (reason.length > 200) throw new UserError('原因请控制在 200 字以内。', USAGE);
    await store.commit({
      ...ctx.meta(record.unit),
      type: kind === 'H' ? 'hazard.withdraw' : 'keyPerson.withdraw',
      id,
      reason,
    });
    return [
      {
        text: `已删除 ${label}（原因：${freeTextFor(ctx)(reason)}）。记录保留在历史中，不再计入台账和统计。`,
      },
    ];
  },
};

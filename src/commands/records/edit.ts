import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { toHalfWidth } from '../../domain/text.js';
import { editHazard } from '../hazard/editHazard.js';
import { editKeyPerson } from '../keyPerson/editKeyPerson.js';
import { EDIT_USAGE as USAGE } from '../shared/editUsage.js';
import { parseRecordId } from '../shared/recordId.js';

/** `#修改 Hn` / `#修改 Pn` + field lines: edit a record of my unit. */
export const edit: Command = {
  name: '修改',
  aliases: ['更改', '编辑'],
  access: 'staff',
  summary: '修改本单位的隐患（H编号）或重点人员（P编号）',
  usage: USAGE,
  handle(ctx) {
    const { kind, id } = parseRecordId(ctx.argv[0], null, USAGE);
    // one-line edits: `#修改 H2 时限：9月21日`
    const inline = /^\S+[\s\u3000]+([^:：\s]{1,12})\s*[:：]\s*(.+)$/.exec(ctx.args.trim());
    if (inline) {
      const name = toHalfWidth(inline[1] ?? '');
      if (ctx.fields.has(name)) throw new UserError(`字段“${name}”写了两次，请只保留一个。`, USAGE);
      const fields = new Map([[name, (inline[2] ?? '').trim()], ...ctx.fields]);
      ctx = { ...ctx, fields, argv: [ctx.argv[0] ?? ''] };
    }
    return kind === 'H' ? editHazard(ctx, id) : editKeyPerson(ctx, id);
  },
};

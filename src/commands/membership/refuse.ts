import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { pickRequest } from './approve.js';
import { wantText } from './requests.js';

const USAGE = '#拒绝 张敏\n#拒绝 12';

/** `#拒绝 张敏` / `#拒绝 12`: refuses a pending binding request; the person is told privately. */
export const refuse: Command = {
  name: '拒绝',
  aliases: ['驳回'],
  access: ['admin', 'supervisor'],
  summary: '拒绝一个绑定申请（管理员、督导）',
  usage: USAGE,
  async handle(ctx) {
    if (ctx.argv.length === 0)
      throw new UserError('请写上要拒绝的申请（名字或编号；发送 #批准 查看全部）。', USAGE);
    const r = pickRequest(ctx, USAGE);
    await ctx.deps.store.commit({ ...ctx.meta(r.unit), type: 'bind.refuse', person: r.key });
    return [
      {
        text: ctx.inGroup
          ? `已拒绝编号 ${r.no} 的申请。`
          : `已拒绝：${r.name} → ${wantText(r)}（编号 ${r.no}）`,
      },
      { to: { person: r.key }, text: `您的绑定申请（${wantText(r)}）未获批准。如有疑问请联系管理员。` },
    ];
  },
};

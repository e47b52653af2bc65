import type { Command } from '../core/Command.js';
import { UserError } from '../core/UserError.js';

const USAGE = '#解绑 张敏';

/** `#解绑 姓名` (admin): remove someone's binding, e.g. when they leave the office. */
export const unbind: Command = {
  name: '解绑',
  access: 'admin',
  summary: '解除某人与单位的绑定',
  usage: USAGE,
  async handle(ctx) {
    const target = ctx.argv[0];
    if (!target) throw new UserError('请写上要解绑的人。', USAGE);
    const b = Object.hasOwn(ctx.deps.store.state.bindings, target)
      ? ctx.deps.store.state.bindings[target]
      : undefined;
    if (!b)
      throw new UserError('此人没有绑定任何单位。', undefined, `${target.slice(0, 20)} 没有绑定任何单位。`);
    await ctx.deps.store.commit({ ...ctx.meta(b.unit), type: 'unbind', person: target });
    return [{ text: `已解绑：${target}（原 ${b.unit}）` }];
  },
};

import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { durableKey } from './durableKey.js';

const USAGE = '#认领 123456（机器人启动时在电脑终端上显示的 6 位数字）';

/**
 * `#认领 123456`: the first admin claims the role with the one-time code `npm start` printed in its
 * terminal (only someone at that computer can read it). The grant is audited like every other.
 */
export const claim: Command = {
  name: '认领',
  access: 'everyone',
  // Handled in a group too, only to spend a code typed there: everyone in the group has read it.
  where: 'any',
  // nobody needs to see it once an admin exists, or on a transport whose admins are configured
  listed: (deps, inGroup) => deps.claim != null && !inGroup,
  summary: '首位管理员用启动时终端显示的一次性验证码认领管理员身份',
  usage: USAGE,
  async handle(ctx) {
    const code = ctx.deps.claim;
    const typed = ctx.argv.join('');
    if (!code)
      throw new UserError(
        '现在没有可认领的管理员身份（已有管理员，或管理员已写在活动配置里）。请联系管理员，或发送 #绑定 单位名 申请。',
      );
    if (ctx.inGroup) {
      // a code shown in a group (even mistyped by a digit) is as good as public: it is spent
      if (typed !== '') ctx.deps.claim = null;
      throw new UserError(
        typed === ''
          ? '#认领 只能在与机器人的私聊中使用。'
          : '验证码发在了群里，群里的人都看得到，已作废。请重新启动机器人（npm start）获取新的验证码，再私聊机器人发送 #认领 验证码。',
      );
    }
    if (typed === '') throw new UserError('请写上验证码。', USAGE);
    const verdict = code.check(typed);
    if (verdict === 'none')
      throw new UserError('验证码已失效。请重新启动机器人（npm start）获取新的验证码。');
    if (verdict === 'wrong')
      throw new UserError(
        '验证码不对。请核对电脑终端上显示的 6 位数字（多次输错后验证码作废，需重新启动机器人）。',
      );
    const key = await durableKey(
      ctx,
      '暂时无法为您登记身份：请先添加机器人为微信好友后重试（需重新启动机器人获取新验证码）。',
    );
    await ctx.deps.store.commit({
      ...ctx.meta(null),
      type: 'role.grant',
      person: key,
      name: ctx.person.name,
      role: 'admin',
      how: 'claim',
    });
    ctx.deps.claim = null;
    return [
      {
        text: `已认领：${ctx.person.name} 成为管理员。其他人发送 #绑定 单位名 申请后，您会收到通知，用 #批准 批准。`,
      },
    ];
  },
};

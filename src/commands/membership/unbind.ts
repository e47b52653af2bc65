import { rosterOf } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';

const USAGE = '#解绑 张敏';

/**
 * `#解绑 姓名` (admin): remove someone's binding and the roles granted in chat, e.g. when they leave
 * the office. Named by key, or by the name they were approved under when only one binding has it.
 */
export const unbind: Command = {
  name: '解绑',
  access: 'admin',
  summary: '解除某人与单位的绑定（及在群里获批的角色）',
  usage: USAGE,
  async handle(ctx) {
    const target = ctx.argv[0];
    if (!target) throw new UserError('请写上要解绑的人。', USAGE);
    const { bindings, roles } = ctx.deps.store.state;
    const byKey = Object.hasOwn(bindings, target) || Object.hasOwn(roles ?? {}, target) ? [target] : [];
    const byName = [
      ...new Set([
        ...Object.entries(bindings)
          .filter(([, b]) => b.name === target)
          .map(([k]) => k),
        ...Object.entries(roles ?? {})
          .filter(([, r]) => r.name === target)
          .map(([k]) => k),
      ]),
    ];
    const keys = byKey.length > 0 ? byKey : byName;
    if (keys.length > 1)
      throw new UserError(
        `有 ${keys.length} 人同名，无法区分。请用对方的标识解绑（见审计记录）。`,
        undefined,
        `有 ${keys.length} 人名为“${target.slice(0, 20)}”，无法区分。请用对方的标识解绑（见审计记录）。`,
      );
    const key = keys[0];
    // someone only on the campaign's roster has nothing in the store to undo
    const listed = ctx.deps.campaign.people.filter((p) => p.key === target || p.name === target);
    if (!key && listed.length > 0)
      throw new UserError(
        '此人在活动配置的人员名单（people）上，由配置文件绑定：解绑需从活动配置中删去并重启机器人。',
        undefined,
        `${target.slice(0, 20)} 在活动配置的人员名单（people）上：${listed.map((p) => p.unit).join('、')}。解绑需从活动配置中删去并重启机器人。`,
      );
    // what was typed is quoted only in private: in a group a name through the privacy mask is an oracle
    if (!key)
      throw new UserError('没有找到这个人的绑定。', undefined, `${target.slice(0, 20)} 没有绑定任何单位。`);
    const unit = Object.hasOwn(bindings, key) ? (bindings[key]?.unit ?? null) : null;
    await ctx.deps.store.commit({ ...ctx.meta(unit), type: 'unbind', person: key });
    const roster = rosterOf(ctx.deps.campaign, key);
    const still = roster
      ? `。仍在活动配置的人员名单上：${roster.unit}（从名单中删去需修改活动配置文件）`
      : '';
    return [{ text: `已解绑：${target}${unit ? `（原 ${unit}）` : ''}${still}` }];
  },
};

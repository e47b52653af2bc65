import type { Command } from '../core/Command.js';
import { resolveUnit } from '../core/matchUnit.js';
import { UserError } from '../core/UserError.js';
import { whoIs } from '../core/whoIs.js';

const USAGE = '#绑定 东城司法所\n（管理员为他人绑定：#绑定 张敏 东城司法所）';
const FOR_SUPERVISOR =
  '督导人员查看全部单位，不需要绑定单位。替某单位登记隐患时，在 #隐患 下面加一行“单位：东城司法所”。';

/** `#绑定 单位`: bind myself; an admin may bind (or re-bind) anyone. */
export const bind: Command = {
  name: '绑定',
  // people not yet bound bind themselves; a bound caseworker is told how to change unit; admins bind others
  access: ['unbound', 'caseworker', 'admin'],
  summary: '绑定本人所在单位（司法所）',
  usage: USAGE,
  forSupervisor: FOR_SUPERVISOR,
  async handle(ctx) {
    const { campaign, store } = ctx.deps;
    const forOther = ctx.person.isAdmin && ctx.argv.length >= 2;
    // Until approval by key lands (issue 13), an admin names the other person by their key.
    const target = forOther ? (ctx.argv[0] ?? '') : ctx.person.key;
    const unitText = forOther ? ctx.argv.slice(1).join('') : ctx.argv.join('');
    if (unitText === '') throw new UserError('请写上要绑定的单位。', USAGE);
    const unit = resolveUnit(unitText, campaign.units, USAGE);
    const who = whoIs({ key: target, name: target }, campaign, store.state);
    if (who.isSupervisor && !forOther) throw new UserError(FOR_SUPERVISOR);
    if (who.unit === unit)
      return [{ text: `${forOther ? target : ctx.person.name} 已绑定 ${unit}，无需重复绑定。` }];
    if (who.unit && !forOther)
      throw new UserError(
        `您已绑定 ${who.unit}。调整单位请联系管理员（${campaign.admins.join('、') || '管理员'}）。`,
      );
    await store.commit({ ...ctx.meta(unit), type: 'bind', person: target, toUnit: unit });
    return [{ text: `已绑定：${forOther ? target : ctx.person.name} → ${unit}` }];
  },
};

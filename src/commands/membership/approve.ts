import type { Command, CommandContext } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { toHalfWidth } from '../../domain/text.js';
import type { BindRequest } from '../../store/state.js';
import {
  grantText,
  mayApprove,
  namesakeNote,
  namesakes,
  pendingRequests,
  replacing,
  requestLine,
  wantText,
} from './requests.js';

const USAGE = '#批准\n#批准 张敏\n#批准 12';

/**
 * The one pending request `#批准 x` / `#拒绝 x` names: by its number, else by the name it was filed
 * under. A number a changed request withdrew is refused plainly, naming what is asked now. With
 * `unitsByName`, a name picks only a unit request: a role (督导, 管理员) is approved by its number.
 */
export function pickRequest(
  ctx: CommandContext,
  usage: string,
  unitsByName = false,
): BindRequest & { key: string } {
  // a phone's keyboard may type the number in full width (２): it is still the number
  const arg = toHalfWidth(ctx.argv[0] ?? '')
    .trim()
    .replace(/^(编号|申请)/, '');
  const typed = ctx.argv[0] ?? '';
  const state = ctx.deps.store.state;
  const all = pendingRequests(state).filter((r) => mayApprove(ctx.person, r.kind));
  // A number is only ever a request's number: a display name is whatever its owner chose, and one
  // set to a number read in the group must not catch an approval meant for a request already handled.
  const byNumber = /^\d+$/.test(arg);
  const hits = byNumber
    ? all.filter((r) => r.no === Number(arg))
    : all.filter((r) => r.name === typed || r.name === arg);
  if (byNumber && hits.length === 0) {
    const now = replacing(state, Number(arg));
    if (now) {
      const old = now.replaces?.find((o) => o.no === Number(arg));
      throw new UserError(
        `编号 ${arg} 的申请（${old ? wantText(old) : ''}）已被申请人撤回，现为编号 ${now.no}：${wantText(now)}。编号 ${arg} 已作废，没有批准任何内容；请核实后用编号 ${now.no} 处理。`,
      );
    }
  }
  const [hit] = hits;
  // by name: only a unit request that never changed, so what is approved is what the one notice
  // said, and under a name no other member goes by (the notice warned of a namesake)
  const twins = hit && !byNumber ? namesakes(hit.name, hit.key, ctx.deps.campaign, state) : [];
  if (
    hits.length === 1 &&
    hit &&
    (byNumber || !unitsByName || (hit.kind === 'unit' && !hit.replaces && twins.length === 0))
  )
    return hit;
  if (hits.length === 1 && hit)
    throw new UserError(
      '按名字只能批准未修改过的单位申请；角色申请（督导、管理员）、修改过的和与现有成员同名的申请请用编号批准。请私聊机器人发送 #批准 查看编号。',
      undefined,
      hit.kind !== 'unit'
        ? `${hit.name} 申请的是角色${grantText(hit)}，只能用编号批准：#批准 ${hit.no}`
        : hit.replaces
          ? `${hit.name} 的申请修改过（现为编号 ${hit.no}：${grantText(hit)}），请核实后用编号批准：#批准 ${hit.no}`
          : `${hit.name} 与现有成员同名（${twins.join('、')}），可能是冒名。请核实本人后用编号批准：#批准 ${hit.no}`,
    );
  // requesters' names, and what was typed, are shown in private only (in a group, a name through the
  // privacy mask tells which ones are key persons')
  if (hits.length > 1)
    throw new UserError(
      `有 ${hits.length} 个同名的申请，无法区分。请私聊机器人发送 #批准 查看编号，再用编号批准。`,
      undefined,
      `有 ${hits.length} 个名为“${arg.slice(0, 20)}”的申请，无法区分，请用编号：\n${hits.map(requestLine).join('\n')}`,
    );
  const list = all.length ? `\n待批准：\n${all.map(requestLine).join('\n')}` : '\n目前没有待批准的申请。';
  throw new UserError(
    '没有找到这个待批准申请。请私聊机器人发送 #批准 查看全部申请。',
    usage,
    `没有找到“${arg.slice(0, 20)}”的待批准申请。${list}`,
  );
}

/**
 * `#批准`: lists pending binding requests; `#批准 张敏` or `#批准 12` approves one (admins and
 * supervisors for units; admins only for roles). The person is told privately; the grant is audited.
 */
export const approve: Command = {
  name: '批准',
  aliases: ['审批', '同意'],
  access: ['admin', 'supervisor'],
  summary: '待批准的绑定申请；#批准 名字或编号（管理员、督导）',
  usage: USAGE,
  async handle(ctx) {
    const p = ctx.person;
    if (ctx.argv.length === 0) {
      // requesters' names are display names anyone can set: listed in private only
      if (ctx.inGroup)
        return [{ text: '待批准的申请请私聊机器人发送 #批准 查看；在群里可以用编号批准：#批准 编号。' }];
      const { campaign, store } = ctx.deps;
      const all = pendingRequests(store.state).filter((r) => mayApprove(p, r.kind));
      if (all.length === 0) return [{ text: '目前没有待批准的绑定申请。' }];
      // a request under a member's name says so here too: the notice may be long gone
      const line = (r: (typeof all)[number]) => {
        const note = namesakeNote(r, campaign, store.state);
        return note ? `${requestLine(r)}　注意：${note}` : requestLine(r);
      };
      return [
        {
          text: `待批准的绑定申请 ${all.length} 个（编号 姓名 → 单位）：\n${all.map(line).join('\n')}\n\n批准：#批准 编号　拒绝：#拒绝 编号`,
        },
      ];
    }
    const r = pickRequest(ctx, USAGE, true);
    if (r.kind === 'unit' && r.unit && !ctx.deps.campaign.units.includes(r.unit))
      throw new UserError(
        `${r.unit} 已不在本次活动的单位中，无法批准。请用 #拒绝 ${r.no} 拒绝，并请对方重新申请。`,
      );
    const { store } = ctx.deps;
    if (r.kind === 'unit' && r.unit)
      await store.commit({ ...ctx.meta(r.unit), type: 'bind', person: r.key, toUnit: r.unit, name: r.name });
    else
      await store.commit({
        ...ctx.meta(null),
        type: 'role.grant',
        person: r.key,
        name: r.name,
        role: r.kind === 'admin' ? 'admin' : 'supervisor',
        how: 'approval',
      });
    return [
      {
        text: ctx.inGroup
          ? `已批准编号 ${r.no} 的申请：${grantText(r)}`
          : `已批准：${r.name} → ${grantText(r)}（编号 ${r.no}）`,
      },
      { to: { person: r.key }, text: `您的绑定申请已批准：${wantText(r)}。发送 #帮助 查看可用命令。` },
    ];
  },
};

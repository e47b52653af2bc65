import type { Command } from '../../core/Command.js';
import { resolveUnit } from '../../core/matchUnit.js';
import { UserError } from '../../core/UserError.js';
import { whoIs } from '../../core/whoIs.js';
import type { RequestKind, State } from '../../store/state.js';
import { sensitiveTerms } from '../../views/sensitiveTerms.js';
import { durableKey } from './durableKey.js';
import { approversOf, grantText, MAX_REQUEST_CHANGES, namesakes, wantText } from './requests.js';

/** Whether a display name is (or contains) a key person's name, current or former. */
function isKeyPersonName(name: string, state: State): boolean {
  return sensitiveTerms(state).mask(name, new Set(['name'])) !== name;
}

const alreadyBound = (who: string, unit: string) => [{ text: `${who} 已绑定 ${unit}，无需重复绑定。` }];

const USAGE = '#绑定 东城司法所\n（督导人员：#绑定 督导；管理员为他人直接绑定：#绑定 对方标识 东城司法所）';
const SUPERVISOR_WORDS = ['督导', '督导人员', '管理局', '区社区矫正管理局'];
const ADMIN_WORDS = ['管理员'];
const FOR_SUPERVISOR =
  '督导人员查看全部单位，不需要绑定单位。替某单位登记隐患时，在 #隐患 下面加一行“单位：东城司法所”。';

/**
 * `#绑定 单位`: asks to be bound to a unit (or `#绑定 督导` for the supervisor role). Nothing is
 * granted by asking: the request waits for an admin or supervisor (`#批准`), who are told
 * privately. People on the campaign's roster need no approval for their own unit. An admin may
 * bind a person by their key directly (audited like every grant).
 */
export const bind: Command = {
  name: '绑定',
  // people not yet bound ask for a unit; a caseworker asks to change; admins bind others
  access: ['unbound', 'caseworker', 'admin'],
  summary: '申请绑定本人所在单位（司法所），经管理员或督导批准后生效',
  usage: USAGE,
  forSupervisor: FOR_SUPERVISOR,
  async handle(ctx) {
    const { campaign, store } = ctx.deps;
    const p = ctx.person;
    const forOther = p.isAdmin && ctx.argv.length >= 2;
    const unitText = forOther ? ctx.argv.slice(1).join('') : ctx.argv.join('');
    if (unitText === '') throw new UserError('请写上要绑定的单位。', USAGE);

    if (forOther) {
      const target = ctx.argv[0] ?? '';
      const unit = resolveUnit(unitText, campaign.units, USAGE);
      const who = whoIs({ key: target, name: target }, campaign, store.state);
      const known = who.known || Object.hasOwn(store.state.requests, target);
      // On Wechaty a key is a tag the bot wrote: a name typed here would bind nobody.
      if (!known && ctx.deps.vouch)
        throw new UserError(
          Object.values(store.state.requests).some((r) => r.name === target)
            ? '对方已提交申请：请用 #批准 编号 批准（私聊发送 #批准 查看编号）。'
            : '个人微信上只能为已提交申请的人绑定：请让对方发送 #绑定 单位名，再用 #批准 批准。',
        );
      // a member's key is never masked in a group: a key person's name must not become one
      if (!known && isKeyPersonName(target, store.state))
        throw new UserError(
          '这个标识与一名重点人员的姓名相同，不能用作人员标识。请写对方的账号（企业微信 userid）。',
        );
      if (who.unit === unit) return alreadyBound(target, unit);
      await store.commit({ ...ctx.meta(unit), type: 'bind', person: target, toUnit: unit });
      return [{ text: `已绑定：${target} → ${unit}` }];
    }

    const kind: RequestKind = SUPERVISOR_WORDS.includes(unitText)
      ? 'supervisor'
      : ADMIN_WORDS.includes(unitText)
        ? 'admin'
        : 'unit';
    const unit = kind === 'unit' ? resolveUnit(unitText, campaign.units, USAGE) : null;
    if (kind === 'supervisor' && p.isSupervisor) return [{ text: '您已是督导人员，无需申请。' }];
    if (kind === 'admin' && p.isAdmin) return [{ text: '您已是管理员，无需申请。' }];
    if (kind === 'unit' && p.isSupervisor) throw new UserError(FOR_SUPERVISOR);
    if (unit !== null && p.unit === unit) return alreadyBound(p.name, unit);
    const want = wantText({ kind, unit });
    const waiting = (r: typeof p.request) =>
      r && r.kind === kind && r.unit === unit
        ? [{ text: `您的绑定申请（${want}）已在等待批准（编号 ${r.no}），请耐心等待。` }]
        : null;
    const already = waiting(p.request);
    if (already) return already;

    // The platform must vouch for this person from now on: the grant will hang on that key.
    const key = await durableKey(
      ctx,
      '暂时无法为您登记身份：请先添加机器人为微信好友，再私聊机器人发送 #绑定 单位名。',
    );
    let previous = p.request;
    if (key !== p.key) {
      // the durable key may already carry the unit, or a request (a message sent before the tag was read)
      const again = whoIs({ key, name: p.name }, campaign, store.state);
      previous = again.request;
      if (unit !== null && again.unit === unit) return alreadyBound(p.name, unit);
      const pending = waiting(again.request);
      if (pending) return pending;
    }
    // every change is announced, so the changes a pending request may go through are bounded
    if (previous && (previous.replaces?.length ?? 0) >= MAX_REQUEST_CHANGES)
      throw new UserError(
        `您的绑定申请已修改 ${MAX_REQUEST_CHANGES} 次，不能再改。请等待处理当前申请（编号 ${previous.no}：${wantText(previous)}），或请管理员 #拒绝 ${previous.no} 后重新申请。`,
      );
    await store.commit({
      ...ctx.meta(unit),
      by: key,
      type: 'bind.request',
      person: key,
      name: p.name,
      kind,
      toUnit: unit,
    });
    const no = store.state.requests[key]?.no ?? 0;
    // an unbound person's name is their display name: never repeated in a group (see #我)
    const whose = ctx.inGroup && p.role === 'unbound' ? '您' : ` ${p.name} `;
    const now = p.unit ? `（目前：${p.unit}，批准前不变）` : '';
    const keyPersonTwin = isKeyPersonName(p.name, store.state)
      ? '\n注意：申请人的显示名与一名重点人员同名，批准后这个名字在群里不再隐去。请核实本人，或请对方改显示名后重新申请。'
      : '';
    // a display name is a label anyone sets: one a member already goes by may be someone posing as them
    const others = namesakes(p.name, key, campaign, store.state);
    const twin = `${keyPersonTwin}${
      others.length
        ? `\n注意：申请人的显示名与现有成员${others.join('、')}同名，可能是冒名。请核实本人后用编号批准：#批准 ${no}。`
        : ''
    }`;
    // A request, once announced, never changes: a new one withdrew it (a new number), and every
    // new request is announced, saying what approving it grants and which number it voids.
    const voided = previous
      ? `\n（取代编号 ${previous.no} 的申请：${wantText(previous)}。编号 ${previous.no} 已作废，批准它不会授予任何权限。）`
      : '';
    const notice = `【绑定申请 ${no}】${p.name} 申请绑定：${grantText({ kind, unit })}${now}。批准：#批准 ${no}　拒绝：#拒绝 ${no}　全部申请：#批准${voided}${twin}`;
    const told = approversOf(campaign, store.state, kind, key);
    const withdrawn = previous ? `原申请（编号 ${previous.no}：${wantText(previous)}）已撤回。` : '';
    return [
      {
        text: `已收到${whose}的绑定申请（编号 ${no}）：${want}${now}。${withdrawn}需经${kind === 'unit' ? '管理员或督导' : '管理员'}批准后生效，批准后会通知您。在此之前可用：#帮助 #我 #进度`,
      },
      ...told.map((person) => ({ to: { person }, text: notice })),
      // those told of the old request who may not approve the new one learn that its number is void
      ...(previous ? approversOf(campaign, store.state, previous.kind, key) : [])
        .filter((person) => !told.includes(person))
        .map((person) => ({
          to: { person },
          text: `【绑定申请 ${previous?.no} 已作废】申请人已撤回编号 ${previous?.no} 的申请（${previous ? wantText(previous) : ''}），批准它不会授予任何权限。`,
        })),
    ];
  },
};

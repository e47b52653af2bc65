import { campaignYear } from '../../config/campaign.js';
import type { CommandContext } from '../../core/Command.js';
import type { Reply } from '../../core/types.js';
import { UserError } from '../../core/UserError.js';
import { formatMonthDay } from '../../domain/dates.js';
import type { HazardFields } from '../../store/state.js';
import { shorten } from '../../views/sensitiveTerms.js';
import { diffFields } from '../shared/diffFields.js';
import { EDIT_USAGE } from '../shared/editUsage.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { toSupervisors } from '../shared/notify.js';
import { assertMayActOn, findHazard } from '../shared/recordId.js';
import { HAZARD_FIELD_LABELS, parseHazardFields } from './hazardFields.js';
import { checkHazardRules } from './hazardRules.js';
import { hazardSummary } from './hazardSummary.js';
import { majorNotice } from './majorNotice.js';

/** `#修改 Hn` + field lines: the hazard's changed fields, old → new; 重大 newly set tells the supervisors. */
export async function editHazard(ctx: CommandContext, id: number): Promise<Reply[]> {
  const { store, campaign, clock } = ctx.deps;
  const h = findHazard(store.state, id);
  assertMayActOn(h, `H${id}`, ctx.person);
  if (h.withdrawn)
    throw new UserError(`H${id} 已删除（${freeTextFor(ctx)(h.withdrawn.reason)}），不能再改。`);
  if (ctx.fields.size === 0) throw new UserError(`请逐行写上 H${id} 要修改的字段。`, EDIT_USAGE);
  const next = parseHazardFields(ctx.fields, campaign, clock.now(), EDIT_USAGE);
  if (next.major === false && !h.major) delete next.major;
  const changes = diffFields<HazardFields>(h, next);
  const keys = Object.keys(changes) as (keyof HazardFields)[];
  if (keys.length === 0) throw new UserError(`H${id} 的内容与所写相同，没有需要修改的。`);
  checkHazardRules({ ...h, ...next }, EDIT_USAGE);
  const { major, ...rest } = changes;
  // 重大 unset is stored as null, so both sides of the edit are present
  const stored = major
    ? { ...rest, major: [major[0] ?? null, major[1] ?? null] as [boolean | null, boolean | null] }
    : rest;
  const { hazard: after } = await store.commit({
    ...ctx.meta(h.unit),
    type: 'hazard.edit',
    id,
    changes: stored,
  });
  const year = campaignYear(campaign);
  const mask = freeTextFor(ctx);
  const show = (k: keyof HazardFields, v: unknown) =>
    k === 'deadline' && typeof v === 'string'
      ? formatMonthDay(v, year)
      : shorten(mask(String(v ?? '（空）')), 30);
  const lines = keys.map(
    (k) => `${HAZARD_FIELD_LABELS[k]}：${show(k, changes[k]?.[0])} → ${show(k, changes[k]?.[1])}`,
  );
  const summary = hazardSummary(after ?? h, year);
  const reply = { text: `已修改 H${id}：\n${lines.join('\n')}\n${summary}` };
  if (!changes.major?.[1]) return [reply];
  return [
    { text: `${reply.text}\n已标为重大风险隐患，已即时报告区社区矫正管理局。` },
    ...toSupervisors(campaign, store.state, majorNotice(after ?? h, summary, ctx.person.name)),
  ];
}

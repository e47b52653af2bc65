import { campaignYear } from '../../config/campaign.js';
import type { Command, CommandContext } from '../../core/Command.js';
import type { Reply } from '../../core/types.js';
import { UserError } from '../../core/UserError.js';
import { formatMonthDay } from '../../domain/dates.js';
import { toHalfWidth } from '../../domain/text.js';
import type { HazardFields } from '../../store/state.js';
import { shorten } from '../../views/sensitiveTerms.js';
import { editKeyPerson } from '../keyPerson/editKeyPerson.js';
import { diffFields } from '../shared/diffFields.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { toSupervisors } from '../shared/notify.js';
import { assertMayActOn, findHazard, parseRecordId } from '../shared/recordId.js';
import {
  checkHazardRules,
  HAZARD_FIELD_LABELS,
  hazardSummary,
  majorNotice,
  parseHazardFields,
} from './hazardFields.js';

const USAGE =
  '#修改 H3\n时限：9月8日\n措施：每日电话核查，每周走访\n重大：是\n\n（重点人员：#修改 P2，再逐行写要改的字段）';

async function editHazard(ctx: CommandContext, id: number): Promise<Reply[]> {
  const { store, campaign, clock } = ctx.deps;
  const h = findHazard(store.state, id);
  assertMayActOn(h, `H${id}`, ctx.person);
  if (h.withdrawn)
    throw new UserError(`H${id} 已删除（${freeTextFor(ctx)(h.withdrawn.reason)}），不能再改。`);
  if (ctx.fields.size === 0) throw new UserError(`请逐行写上 H${id} 要修改的字段。`, USAGE);
  const next = parseHazardFields(ctx.fields, campaign, clock.now(), USAGE);
  if (next.major === false && !h.major) delete next.major;
  const changes = diffFields<HazardFields>(h, next);
  const keys = Object.keys(changes) as (keyof HazardFields)[];
  if (keys.length === 0) throw new UserError(`H${id} 的内容与所写相同，没有需要修改的。`);
  checkHazardRules({ ...h, ...next }, USAGE);
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

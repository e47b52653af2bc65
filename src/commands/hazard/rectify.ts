import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { CLOSED_STATUSES } from '../../domain/catalog.js';
import type { Changes, HazardFields } from '../../store/state.js';
import { freeTextFor } from '../shared/freeTextFor.js';
import { assertMayActOn, findHazard, parseRecordId } from '../shared/recordId.js';
import { HAZARD_FIELD_NAMES } from './hazardFields.js';
import { checkHazardRules } from './hazardRules.js';
import { parseStatus } from './hazardStatus.js';
import { hazardSummary } from './hazardSummary.js';

const USAGE =
  '#整改 H3 整改中\n#整改 H3 已整改 已约谈训诫并补办销假\n#整改 H3 无法整改 原因……\n（已整改/无法整改之后 10 分钟内发送的照片或文件，作为该隐患的佐证材料保存）';

/** `#整改 Hn 状态 [说明]`: move a hazard along the closed loop; 已整改/无法整改 need a note. */
export const rectify: Command = {
  name: '整改',
  aliases: ['状态'],
  access: 'staff',
  summary: '更新隐患整改状态（已整改、无法整改须写说明）',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign } = ctx.deps;
    const { id } = parseRecordId(ctx.argv[0], 'H', USAGE);
    if (!ctx.argv[1]) throw new UserError('请写上新的整改状态。', USAGE);
    const status = parseStatus(ctx.argv[1], USAGE);
    // the note after the status, or on a `说明：` line below (either is fine)
    const noteLine = HAZARD_FIELD_NAMES.note.map((n) => ctx.fields.get(n)).find((v) => v?.trim());
    const note =
      [ctx.argv.slice(2).join(' ').trim(), noteLine?.trim() ?? ''].filter((x) => x).join(' ') || null;
    const h = findHazard(store.state, id);
    assertMayActOn(h, `H${id}`, ctx.person);
    if (h.withdrawn)
      throw new UserError(
        `H${id} 已于 ${h.withdrawn.at.slice(0, 10)} 删除（${freeTextFor(ctx)(h.withdrawn.reason)}），不能再改。`,
      );
    if (h.status === status && (note === null || note === h.note))
      throw new UserError(`H${id} 已经是“${status}”。`);
    const after: HazardFields = { ...h, status, note: note ?? (status === h.status ? h.note : null) };
    checkHazardRules(after, USAGE);
    const changes: Changes<Omit<HazardFields, 'major'>> = {};
    if (status !== h.status) changes.status = [h.status, status];
    if (after.note !== h.note) changes.note = [h.note, after.note];
    const what = status !== h.status ? `${h.status} → ${status}` : status;
    const { hazard: stored } = await store.commit({ ...ctx.meta(h.unit), type: 'hazard.edit', id, changes });
    const closing = CLOSED_STATUSES.includes(status)
      ? '\n待督导核验后销账。可在 10 分钟内接着发送照片或文件作为佐证材料。'
      : '';
    return [
      {
        text: `已更新 H${id}：${what}${after.note && changes.note ? `（${freeTextFor(ctx)(after.note)}）` : ''}\n${hazardSummary(stored ?? h, campaignYear(campaign))}${closing}`,
      },
    ];
  },
};

import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import type { Reply } from '../../core/types.js';
import { UserError } from '../../core/UserError.js';
import { CLOSED_STATUSES } from '../../domain/catalog.js';
import { formatDateTime } from '../../domain/dates.js';
import { toHalfWidth } from '../../domain/text.js';
import { groupsOfUnit, membersOf } from '../shared/notify.js';
import { findHazard, parseRecordId } from '../shared/recordId.js';
import { hazardSummary } from './hazardSummary.js';

const USAGE = '#核验 H3 通过\n#核验 H3 退回 整改不彻底，请补充走访记录';

/** The word a #待核验 card's buttons add after the verdict: the hazard's revision the card showed. */
export const cardRevision = (rev: number): string => `卡片版本${rev}`;
const CARD_REVISION = /^卡片版本(\d+)$/;

/** `#核验 Hn 通过|退回 原因`: the bureau's verdict on a closure (整改不彻底不销账). */
export const verify: Command = {
  name: '核验',
  aliases: ['销账', '核查'],
  access: 'supervisor',
  summary: '核验已整改/无法整改的隐患：通过即销账，退回则重回整改中并通知该单位',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign } = ctx.deps;
    const { id } = parseRecordId(ctx.argv[0], 'H', USAGE);
    const verdict = toHalfWidth(ctx.argv[1] ?? '');
    const pass = /^(通过|合格|销账|同意)$/.test(verdict);
    const back = /^(退回|不通过|驳回)$/.test(verdict);
    if (!pass && !back) throw new UserError('请写“通过”或“退回 原因”。', USAGE);
    // a click on a #待核验 card names the revision it showed (typed commands never do)
    const seen = CARD_REVISION.exec(ctx.argv[2] ?? '');
    const reason = ctx.argv
      .slice(seen ? 3 : 2)
      .join(' ')
      .trim();
    const h = findHazard(store.state, id);
    if (h.withdrawn) throw new UserError(`H${id} 已删除（${h.withdrawn.reason}），无需核验。`);
    if (seen && Number(seen[1]) !== h.rev && !h.verified)
      throw new UserError(
        `H${id} 在卡片发出后有改动（现为“${h.status}”），没有核验。请重新发送 #待核验 查看后再核验。`,
      );
    if (!CLOSED_STATUSES.includes(h.status))
      throw new UserError(`H${id} 现为“${h.status}”，单位标为已整改或无法整改后才能核验。`);
    if (h.verified)
      throw new UserError(
        `H${id} 已于 ${formatDateTime(Date.parse(h.verified.at))} 由 ${h.verified.by} 核验销账。`,
      );
    if (back && !reason) throw new UserError('退回要写明原因，单位会收到。', USAGE);
    if (reason.length > 200) throw new UserError('原因请控制在 200 字以内。', USAGE);
    const from = h.status;
    const { hazard: stored } = await store.commit({
      ...ctx.meta(h.unit),
      type: 'hazard.verify',
      id,
      result: pass ? 'pass' : 'return',
      reason: back ? reason : null,
      from,
    });
    const year = campaignYear(campaign);
    if (pass) return [{ text: `已核验 H${id}（${h.unit}，${from}）：通过，已销账。` }];
    const notice = `【核验退回】H${id}（${h.unit}）“${from}”未通过核验，已退回为“整改中”。\n原因：${reason}\n${hazardSummary(stored ?? h, year)}\n整改到位后请再发送 #整改 H${id} 已整改 说明。`;
    const here = ctx.msg.room;
    const groups = groupsOfUnit(campaign, h.unit);
    const mentions = membersOf(store.state, campaign, h.unit);
    const replies: Reply[] = [
      {
        text: groups.includes(here ?? '')
          ? notice
          : `已退回 H${id}（${h.unit}）：重回“整改中”，原因：${reason}。已在工作群通知该单位。`,
        ...(groups.includes(here ?? '') ? { mentions } : {}),
      },
    ];
    for (const room of groups) if (room !== here) replies.push({ to: { room }, text: notice, mentions });
    return replies;
  },
};

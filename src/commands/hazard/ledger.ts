import { campaignYear } from '../../config/campaign.js';
import type { Command, CommandContext } from '../../core/Command.js';
import { resolveUnit } from '../../core/matchUnit.js';
import type { Reply } from '../../core/types.js';
import { UserError } from '../../core/UserError.js';
import { STATUSES, type Status } from '../../domain/catalog.js';
import { dateOf } from '../../domain/dates.js';
import { toHalfWidth } from '../../domain/text.js';
import { unitIndex } from '../../reports/unitIndex.js';
import { awaitsVerification } from '../../reports/verification.js';
import type { Hazard } from '../../store/state.js';
import { hazardLine } from '../../views/hazardLine.js';
import { memberNames } from '../../views/members.js';
import { charCount, MAX_OUTGOING_CHARS } from '../../views/messageLimit.js';
import { maskFreeText } from '../../views/sensitiveTerms.js';
import { groupUnits } from '../shared/groupUnits.js';
import { statusOf } from './hazardStatus.js';

const USAGE =
  '#台账\n#台账 整改中\n#台账 逾期\n（督导：#台账 东城、#台账 东城 未整改、#台账 全部、#台账 全部 逾期）';
const MAX_LINES = 30;
const LIST_ORDER: readonly Status[] = ['未整改', '整改中', '无法整改', '已整改'];

/** `逾期`: open hazards past their deadline. */
type Filter = Status | '逾期' | null;

function isOverdue(h: Hazard, today: string): boolean {
  return (h.status === '未整改' || h.status === '整改中') && h.deadline !== null && h.deadline < today;
}

function matches(h: Hazard, filter: Filter, today: string): boolean {
  if (filter === null) return true;
  if (filter === '逾期') return isOverdue(h, today);
  return h.status === filter;
}

/**
 * One hazard's line for this audience: in a group its free text passes the privacy mask (key persons'
 * names, crimes, health), as every group view does.
 */
function lineFor(ctx: CommandContext, today: string, year: number): (h: Hazard) => string {
  const { store, campaign } = ctx.deps;
  const keep = memberNames(store.state, campaign);
  const mask = ctx.inGroup ? (s: string) => maskFreeText(s, store.state, keep) : undefined;
  return (h) =>
    `${hazardLine(h, today, year, mask)}${h.verified ? '（已销账）' : awaitsVerification(h) ? '（待核验）' : ''}`;
}

function unitList(ctx: CommandContext, unit: string, status: Filter): Reply[] {
  const { store, campaign, clock } = ctx.deps;
  const year = campaignYear(campaign);
  const today = dateOf(clock.now());
  const ids = unitIndex(store.state, campaign.units).get(unit)?.hazardIds ?? [];
  const all = ids
    .map((id) => store.state.hazards[id - 1])
    .filter((h): h is Hazard => h !== undefined && !h.withdrawn);
  const shown = all.filter((h) => matches(h, status, today));
  const counts = STATUSES.map((s) => `${s}${all.filter((h) => h.status === s).length}`).join(' ');
  const head = `${unit} 隐患台账：共 ${all.length} 条（${counts}）`;
  if (shown.length === 0)
    return [
      {
        text: `${head}\n${status ? `没有${status === '逾期' ? '逾期未整改' : `“${status}”`}的隐患。` : '还没有登记隐患。发送 #帮助 隐患 查看登记模板。'}`,
      },
    ];
  const line = lineFor(ctx, today, year);
  const lines: string[] = [];
  let budget = MAX_LINES;
  for (const s of LIST_ORDER) {
    const group = shown.filter((h) => h.status === s);
    if (group.length === 0 || budget <= 0) continue;
    lines.push(`【${s}】${group.length} 条`);
    for (const h of group.slice(0, budget)) lines.push(line(h));
    budget -= group.length;
  }
  const more = shown.length - Math.min(shown.length, MAX_LINES);
  if (more > 0)
    lines.push(
      `……另有 ${more} 条未列出。发送 #台账 ${status ?? '整改中'} 按状态查看，或 #导出 台账 取完整表格。`,
    );
  return [{ text: `${head}\n${lines.join('\n')}` }];
}

/** Units listed one by one in `#台账 全部`: the ones with the most hazards still open. */
const WORST = 15;

function allUnits(ctx: CommandContext, filter: Filter): Reply[] {
  const { store, campaign, clock } = ctx.deps;
  const index = unitIndex(store.state, campaign.units);
  const units = groupUnits(ctx);
  const scope = units.length < campaign.units.length ? `本群 ${units.length} 个单位` : '各单位';
  if (filter !== null) {
    const today = dateOf(clock.now());
    const found = units
      .map((u) => {
        const list = (index.get(u)?.hazardIds ?? [])
          .map((id) => store.state.hazards[id - 1])
          .filter((h): h is Hazard => h !== undefined && !h.withdrawn && matches(h, filter, today));
        return [u, list] as const;
      })
      .filter(([, list]) => list.length > 0)
      .sort((x, y) => y[1].length - x[1].length);
    const counts = found.map(([u, list]) => [u, list.length] as const);
    const total = counts.reduce((s, [, n]) => s + n, 0);
    const label = filter === '逾期' ? '逾期未整改' : `“${filter}”`;
    // A short list is what the supervisor asked for: the hazards themselves, not a count per unit.
    if (total > 0 && total <= MAX_LINES) {
      const line = lineFor(ctx, today, campaignYear(campaign));
      const text = `${scope}${label}的隐患（共 ${total} 条）：\n${found
        .map(([u, list]) => `【${u}】${list.length} 条\n${list.map(line).join('\n')}`)
        .join('\n')}`;
      if (charCount(text) <= MAX_OUTGOING_CHARS) return [{ text }];
    }
    const rows = counts.slice(0, WORST).map(([u, n]) => `${u}：${n} 条`);
    const more = counts.length > WORST ? `\n另有 ${counts.length - WORST} 个单位未列出。` : '';
    const why = total > 0 ? '一条消息列不下，按单位计数。' : '';
    return [
      {
        text: `${scope}${label}的隐患（共 ${total} 条）：\n${rows.length ? rows.join('\n') : '没有。'}${more}\n${why}发送 #台账 单位名 ${filter} 查看明细，或 #导出 台账 取完整表格。`,
      },
    ];
  }
  const sum = (s: Status) => units.reduce((n, u) => n + (index.get(u)?.statuses[s] ?? 0), 0);
  const total = units.reduce((n, u) => n + (index.get(u)?.hazardCount ?? 0), 0);
  const open = (u: string) => (index.get(u)?.statuses.未整改 ?? 0) + (index.get(u)?.statuses.整改中 ?? 0);
  const rows = [...units]
    .sort((a, b) => open(b) - open(a))
    .slice(0, WORST)
    .map((u) => {
      const f = index.get(u);
      const c = (s: Status) => f?.statuses[s] ?? 0;
      // the official order of 附件1: 无法整改、未整改、整改中、已整改
      return `${u}：${f?.hazardCount ?? 0} 条（${STATUSES.map((s) => `${s}${c(s)}`).join(' ')}）`;
    });
  const head =
    units.length > WORST
      ? `${scope}隐患台账：共 ${total} 条（${STATUSES.map((s) => `${s}${sum(s)}`).join(' ')}）。未整改最多的 ${WORST} 个单位：`
      : `${scope}隐患台账（共 ${total} 条）：`;
  const tail =
    units.length > WORST
      ? `\n另有 ${units.length - WORST} 个单位未列出。发送 #台账 单位名 查看明细，或 #导出 台账 取完整表格。`
      : '\n发送 #台账 单位名 查看明细。';
  return [{ text: `${head}\n${rows.join('\n')}${tail}` }];
}

/** `#台账 [状态]`: my unit's hazards; supervisors: `#台账 单位 [状态]` or `#台账 全部`. */
export const ledger: Command = {
  name: '台账',
  aliases: ['隐患台账', '清单', '台帐', '隐患台帐'],
  access: 'staff',
  summary: '查看隐患台账，可按状态或“逾期”筛选（督导：#台账 单位名 或 #台账 全部）',
  usage: USAGE,
  handle(ctx) {
    let status: Filter = null;
    const rest: string[] = [];
    for (const a of ctx.argv) {
      const s = /^(逾期|超期|已逾期)$/.test(toHalfWidth(a)) ? '逾期' : statusOf(a);
      if (s) status = s;
      else rest.push(a);
    }
    const unitText = rest.join('');
    const p = ctx.person;
    const everyUnit = unitText === '全部' || unitText === '所有';
    if (unitText === '' || (everyUnit && !p.isSupervisor)) {
      if (p.unit) return unitList(ctx, p.unit, status);
      return allUnits(ctx, status);
    }
    if (everyUnit) return allUnits(ctx, status);
    const unit = resolveUnit(unitText, ctx.deps.campaign.units, USAGE);
    if (!p.isSupervisor && unit !== p.unit)
      throw new UserError(`您只能查看本单位（${p.unit}）的台账。`, USAGE);
    return unitList(ctx, unit, status);
  },
};

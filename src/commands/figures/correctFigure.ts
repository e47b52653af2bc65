import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { unitIndex } from '../../reports/unitIndex.js';
import { MAX_REPORT, parseFigurePairs } from './figureText.js';

const USAGE = '#更正 走访 -2 重复上报';

/** `#更正 走访 -2 原因`: the only way a cumulative figure goes down, never below zero. */
export const correctFigure: Command = {
  name: '更正',
  aliases: ['纠正'],
  access: 'caseworker',
  summary: '更正累计人次（须写原因），如 #更正 走访 -2 重复上报',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign } = ctx.deps;
    const unit = ctx.person.unit as string;
    const [itemArg, nArg, ...reasonParts] = ctx.argv;
    if (!itemArg || !nArg) throw new UserError('请写上项目、更正数和原因。', USAGE);
    const pairs = parseFigurePairs(`${itemArg} ${nArg}`, USAGE);
    const pair = pairs[0];
    if (!pair || pairs.length !== 1) throw new UserError('一次只能更正一项。', USAGE);
    const reason = reasonParts.join(' ').trim();
    if (!reason) throw new UserError('更正要写明原因。', USAGE);
    if (pair.n === 0 || Math.abs(pair.n) > MAX_REPORT)
      throw new UserError('更正数应为非零整数，如 -2 或 +3。', USAGE);
    const current = unitIndex(store.state, campaign.units).get(unit)?.cumulative[pair.item] ?? 0;
    if (current + pair.n < 0)
      throw new UserError(`${pair.item} 现累计 ${current} 人次，更正 ${pair.n} 后会小于 0，请核对。`, USAGE);
    await store.commit({
      ...ctx.meta(unit),
      type: 'figure',
      report: { kind: 'correct', item: pair.item, n: pair.n, reason },
    });
    const sign = pair.n > 0 ? `+${pair.n}` : String(pair.n);
    return [{ text: `已更正 ${unit} ${pair.item} ${sign}（${reason}），累计 ${current + pair.n} 人次` }];
  },
};

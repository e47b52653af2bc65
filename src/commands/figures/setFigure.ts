import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import type { CurrentFigure } from '../../domain/catalog.js';
import { parseInteger } from '../../domain/text.js';
import { MAX_REPORT } from './figureText.js';

const USAGE = '#应收未收 0\n#脱管 1';

/** `#应收未收 n` · `#脱管 n`: the current value; the latest report replaces the earlier one. */
export const setFigure: Command = {
  name: '应收未收',
  aliases: ['脱管'],
  access: 'caseworker',
  summary: '上报应收未收数、脱管人数（现值，新报的替换旧的）',
  usage: USAGE,
  async handle(ctx) {
    const item = (ctx.invokedAs === '脱管' ? '脱管' : '应收未收') as CurrentFigure;
    const unit = ctx.person.unit as string;
    // `#脱管 无`: none, i.e. 0
    const typed = ctx.argv.join('').replace(/人$/, '');
    const n = /^(无|没有|暂无)$/.test(typed) ? 0 : parseInteger(typed);
    if (n === null || ctx.argv.length === 0)
      throw new UserError(`${item}要写一个整数（没有就写 0）。`, USAGE);
    if (n < 0 || n > MAX_REPORT) throw new UserError(`${item}应为 0 到 ${MAX_REPORT} 之间的整数。`, USAGE);
    await ctx.deps.store.commit({
      ...ctx.meta(unit),
      type: 'figure',
      report: { kind: 'set', item, value: n },
    });
    return [{ text: `已登记 ${unit} ${item}：${n} 人（现值）` }];
  },
};

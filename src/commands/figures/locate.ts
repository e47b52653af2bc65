import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { toHalfWidth } from '../../domain/text.js';
import { formatRate, rateOf } from '../../reports/statistics.js';
import { MAX_REPORT } from './figureText.js';

const USAGE = '#定位 30 29\n#定位 在册30 定位29\n（在册人数、其中手机定位监管人数）';

/** `#定位 在册 定位`: 在册人数 and 定位监管人数 (current values); 定位 > 在册 is refused. */
export const locate: Command = {
  name: '定位',
  aliases: ['定位监管'],
  access: 'caseworker',
  summary: '上报在册人数和定位监管人数，如 #定位 30 29',
  usage: USAGE,
  async handle(ctx) {
    const unit = ctx.person.unit as string;
    const t = toHalfWidth(ctx.args).replace(/人/g, ' ');
    const labelled = /在册\s*[:：]?\s*(\d+)/.exec(t);
    const located = /定位\s*[:：]?\s*(\d+)/.exec(t);
    let reg: number;
    let loc: number;
    if (labelled || located) {
      if (!labelled || !located) throw new UserError('请同时写上在册人数和定位人数。', USAGE);
      reg = Number(labelled[1]);
      loc = Number(located[1]);
    } else {
      const nums = t
        .trim()
        .split(/[\s,，/、]+/)
        .filter(Boolean);
      if (nums.length !== 2 || !nums.every((x) => /^\d+$/.test(x)))
        throw new UserError('请写两个整数：在册人数、定位监管人数。', USAGE);
      reg = Number(nums[0]);
      loc = Number(nums[1]);
    }
    if (reg > MAX_REPORT) throw new UserError(`在册人数 ${reg} 过大，请核对。`, USAGE);
    if (loc > reg) throw new UserError(`定位监管人数（${loc}）不能多于在册人数（${reg}）。`, USAGE);
    await ctx.deps.store.commit({
      ...ctx.meta(unit),
      type: 'figure',
      report: { kind: 'locate', registered: reg, located: loc },
    });
    return [
      {
        text: `已登记 ${unit}：在册 ${reg} 人，定位监管 ${loc} 人，定位监管率 ${formatRate(rateOf(loc, reg))}`,
      },
    ];
  },
};

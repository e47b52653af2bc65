import { campaignYear } from '../../config/campaign.js';
import type { Command } from '../../core/Command.js';
import { UserError } from '../../core/UserError.js';
import { STATUSES } from '../../domain/catalog.js';
import { dateOf, daysBetween, endOfDate, formatDateTime, formatMonthDay } from '../../domain/dates.js';
import { formProgress } from '../../reports/progress.js';
import { unitIndex } from '../../reports/unitIndex.js';
import { formName, parseForm } from './formArg.js';

const USAGE = '#上报 台账\n#上报 台账 无（本单位没有隐患时）\n#上报 重点人员\n#上报 重点人员 无\n#上报 统计';

/** `#上报 台账|重点人员|统计 [无]`: submit one form for my unit, with the checks of commands.md. */
export const submit: Command = {
  name: '上报',
  aliases: ['提交'],
  access: 'caseworker',
  summary: '上报本单位的台账（附件1）、重点人员（附件2）或统计（附件3）',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign, clock } = ctx.deps;
    const unit = ctx.person.unit as string;
    const form = parseForm(ctx.argv[0], USAGE);
    const empty = ctx.argv.slice(1).join('') === '无';
    if (ctx.argv.length > 1 && !empty)
      throw new UserError(
        '表名后面的字看不懂。没有记录时写“无”。',
        USAGE,
        `看不懂“${ctx.argv.slice(1).join(' ').slice(0, 20)}”。没有记录时写“无”。`,
      );
    const f = unitIndex(store.state, campaign.units).get(unit);
    if (!f) throw new Error(`no facts for ${unit}`);
    let detail = '';
    if (form === 'hazards' || form === 'keyPersons') {
      const count = form === 'hazards' ? f.hazardCount : f.keyPersonCount;
      const what = form === 'hazards' ? '隐患' : '重点人员';
      if (empty && count > 0)
        throw new UserError(`本单位已登记 ${count} 条${what}，不能报“无”。请发送 #上报 ${ctx.argv[0]}。`);
      if (!empty && count === 0)
        throw new UserError(`本单位还没有登记${what}。如确实没有，请发送：#上报 ${ctx.argv[0]} 无`);
      detail =
        form === 'hazards'
          ? empty
            ? '无隐患'
            : `共 ${count} 条（${STATUSES.map((s) => `${s}${f.statuses[s]}`).join(' ')}）`
          : empty
            ? '无重点人员'
            : `共 ${count} 人`;
    } else {
      if (empty) throw new UserError('统计表不能报“无”，请发送 #上报 统计。', USAGE);
      const missing = [
        f.uncollected === null && '#应收未收 数字',
        f.absconded === null && '#脱管 数字',
        f.registered === null && '#定位 在册数 定位数',
      ].filter(Boolean);
      if (missing.length > 0)
        throw new UserError(`上报统计表前，请先报以下数字（没有就报 0）：\n${missing.join('\n')}`);
      detail = `隐患 ${f.hazardCount} 条，重点人员 ${f.keyPersonCount} 人，走访 ${f.cumulative.走访} 人次`;
    }
    const before = formProgress(store.state, campaign, form).units.find((u) => u.unit === unit);
    if (before?.state === 'submitted' && before.last)
      return [
        {
          text: `${unit} 已于 ${formatDateTime(Date.parse(before.last.at))} 上报 ${formName(form)}，之后没有变化，无需重复上报。`,
        },
      ];
    await store.commit({ ...ctx.meta(unit), type: 'submit', form, empty });
    const now = clock.now();
    const deadline = campaign.deadlines[form];
    const late =
      now >= endOfDate(deadline)
        ? `（已超过截止日 ${formatMonthDay(deadline, campaignYear(campaign))} ${daysBetween(deadline, dateOf(now))} 天，记为逾期上报）`
        : '';
    const p = formProgress(store.state, campaign, form);
    const again = before?.state === 'updated' ? '（更新后重新上报）' : '';
    return [
      {
        text: `已上报 ${formName(form)}${again}：${unit}，${detail}${late}。\n全区已上报 ${p.submitted.length}/${campaign.units.length} 个单位。`,
      },
    ];
  },
};

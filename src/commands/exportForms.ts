import type { Command } from '../core/Command.js';
import { resolveUnit } from '../core/matchUnit.js';
import { UserError } from '../core/UserError.js';
import { FORM_INFO } from '../domain/catalog.js';
import { exportForm } from '../reports/forms.js';
import { parseForm } from './formArg.js';

const USAGE = '#导出 统计\n#导出 台账（仅私聊）\n#导出 台账 东城（仅私聊）\n#导出 重点人员（仅私聊）';

/**
 * `#导出 统计|台账|重点人员`: the .xlsx of that form for every unit. Ledgers name people, so only
 * 附件3 (counts) goes to a group. (The outlet also lets a caseworker receive their own unit's 附件1
 * in private, as a file reply carrying `unit`; offering it here needs access that can say
 * "caseworker: private only".)
 */
export const exportForms: Command = {
  name: '导出',
  aliases: ['下载'],
  access: 'supervisor',
  summary: '导出表格文件：统计（附件3）、台账（附件1，仅私聊）、重点人员（附件2，仅私聊）',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign, clock, filesDir } = ctx.deps;
    const p = ctx.person;
    const form = parseForm(ctx.argv[0] ?? '', USAGE);
    if (form === 'keyPersons' && ctx.inGroup)
      throw new UserError(
        '重点人员台账含姓名、罪名、健康状况等敏感个人信息，不能发到群里。请私聊机器人发送 #导出 重点人员。',
      );
    if (form === 'hazards' && ctx.inGroup)
      throw new UserError('隐患台账含个人信息，不能发到群里。请私聊机器人发送 #导出 台账。');
    // `#导出 台账 东城`: that unit only
    const unitText = ctx.argv.slice(1).join('');
    const unit =
      unitText && !/^(全部|所有)$/.test(unitText) ? resolveUnit(unitText, campaign.units, USAGE) : null;
    const scope = unit ? { ...campaign, units: [unit] } : campaign;
    const file = await exportForm(form, store.state, scope, filesDir, { reporter: p.name, now: clock.now() });
    return [
      {
        text: `${FORM_INFO[form].attachment} ${FORM_INFO[form].title}（${unit ?? `全部 ${campaign.units.length} 个单位`}）：`,
      },
      { file, form },
    ];
  },
};

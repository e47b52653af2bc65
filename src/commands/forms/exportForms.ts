import type { Command } from '../../core/Command.js';
import { resolveUnit } from '../../core/matchUnit.js';
import { UserError } from '../../core/UserError.js';
import { FORM_INFO } from '../../domain/catalog.js';
import { exportView } from '../../reports/exportView.js';
import { exportForm } from '../../reports/forms.js';

import { parseForm } from './formArg.js';

const USAGE =
  '#导出 统计\n#导出 台账\n#导出 重点人员（仅私聊）\n#导出 台账 东城（督导：只导出一个单位）\n（司法所人员：导出本单位的台账或统计表，私聊发送，便于打印盖章）';

/**
 * `#导出 统计|台账|重点人员 [单位]`: supervisors get the .xlsx of that form for every unit (or one);
 * a caseworker gets their own unit's 附件1 or 附件3 row, privately.
 */
export const exportForms: Command = {
  name: '导出',
  aliases: ['下载'],
  access: 'staff',
  summary:
    '导出表格文件：统计（附件3）、台账（附件1，仅私聊）、重点人员（附件2，督导，仅私聊）；司法所私聊导出本单位的',
  usage: USAGE,
  async handle(ctx) {
    const { store, campaign, clock, filesDir } = ctx.deps;
    const p = ctx.person;
    const form = parseForm(ctx.argv[0] ?? '', USAGE);
    const info = FORM_INFO[form];
    const unitText = ctx.argv.slice(1).join('');
    if (!p.isSupervisor) {
      const unit = p.unit as string;
      if (form === 'keyPersons')
        throw new UserError('重点人员台账仅限督导人员导出。本单位的重点人员请私聊机器人发送 #重点人员列表。');
      if (unitText !== '' && resolveUnit(unitText, campaign.units, USAGE) !== unit)
        throw new UserError(`您只能导出本单位（${unit}）的表格。`, USAGE);
      // made off the message path, from the records as they are now
      const view = exportView(store.state, campaign.units);
      const now = clock.now();
      // the unit's own form goes to the caseworker privately, even when asked for in the group
      const me = { person: ctx.msg.sender.key };
      ctx.later(`${info.attachment} ${info.short}`, async () => {
        const opts = { reporter: p.name, now, units: [unit], includeUnsubmitted: true };
        const file = await exportForm(form, view, campaign, filesDir, opts);
        return [{ to: me, file, form, unit }];
      });
      return [
        {
          text: ctx.inGroup
            ? `${unit} 的${info.attachment} ${info.short}将私聊发给您。`
            : `${info.attachment} ${info.title}（${unit}）：`,
        },
        ...(ctx.inGroup ? [{ to: me, text: `${info.attachment} ${info.title}（${unit}）：` }] : []),
      ];
    }
    if (form === 'keyPersons' && ctx.inGroup)
      throw new UserError(
        '重点人员台账含姓名、罪名、健康状况等敏感个人信息，不能发到群里。请私聊机器人发送 #导出 重点人员。',
      );
    if (form === 'hazards' && ctx.inGroup)
      throw new UserError('隐患台账含个人信息，不能发到群里。请私聊机器人发送 #导出 台账。');
    const units = unitText === '' ? undefined : [resolveUnit(unitText, campaign.units, USAGE)];
    const view = exportView(store.state, campaign.units);
    const now = clock.now();
    const scope = units ? units[0] : `全部 ${campaign.units.length} 个单位`;
    const unit = units?.length === 1 ? units[0] : undefined;
    ctx.later(`${info.attachment} ${info.short}`, async () => {
      const opts = { reporter: p.name, now, ...(units ? { units } : {}) };
      const file = await exportForm(form, view, campaign, filesDir, opts);
      return [{ file, form, ...(unit ? { unit } : {}) }];
    });
    return [{ text: `${info.attachment} ${info.title}（${scope}）：` }];
  },
};

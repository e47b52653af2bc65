import type { Command } from '../../core/Command.js';
import { FORM_INFO } from '../../domain/catalog.js';
import { dateOf, formatDateTime, startOfDate } from '../../domain/dates.js';
import { fixedReminders, hazardsDue } from '../../reminders/planReminders.js';
import { formProgress } from '../../reports/progress.js';

const SHOWN = 12;

/** `#提醒计划` (admin, supervisors): the next reminders with their times, and whom they would name now. */
export const reminderPlan: Command = {
  name: '提醒计划',
  aliases: ['提醒'],
  access: ['admin', 'supervisor'],
  summary: '查看接下来的提醒及时间（管理员、督导）',
  usage: '#提醒计划',
  handle(ctx) {
    const { store, campaign, clock } = ctx.deps;
    const now = clock.now();
    const state = store.state;
    const pending = fixedReminders(campaign).filter((r) => r.scheduledAt > now && !state.reminders[r.key]);
    const more = pending.length - SHOWN;
    const upcoming = pending.slice(0, SHOWN).map((r) => {
      const when = formatDateTime(r.scheduledAt);
      if (r.kind === 'phase') return `${when} 阶段开始：${r.phase}`;
      if (r.kind === 'hazards') return `${when} 隐患到期提醒`;
      const info = FORM_INFO[r.form];
      const left = formProgress(state, campaign, r.form).notSubmitted.length;
      if (r.kind === 'deadline')
        return `${when} 催报 ${info.attachment} ${info.short}（目前未上报 ${left} 个单位）`;
      if (r.kind === 'lateSupervisors') return `${when} 私聊督导 ${info.attachment} 逾期名单`;
      return `${when} 群内催报 ${info.attachment} 逾期单位（目前 ${left} 个）`;
    });
    const today = dateOf(now);
    const daily = startOfDate(today, campaign.reminders.time);
    const due = hazardsDue(state, campaign, today).length;
    return [
      {
        text: [
          `提醒计划（${campaign.reminders.daysBefore.join('、')} 天前 ${campaign.reminders.time}；21:00—08:00 不发）：`,
          ...(upcoming.length ? upcoming : ['没有待发的截止提醒。']),
          ...(more > 0
            ? [
                `……另有 ${more} 条（最后一条 ${formatDateTime(pending[pending.length - 1]?.scheduledAt ?? now)}），到时再发送 #提醒计划 查看后面的。`,
              ]
            : []),
          `每天 ${campaign.reminders.time} 提醒 ${campaign.reminders.hazardDueDaysBefore} 天内到期或已逾期的未整改隐患${now < daily ? `，今天将提醒 ${due} 条` : ''}。`,
        ].join('\n'),
      },
    ];
  },
};

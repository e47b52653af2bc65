import type { Command } from '../../core/Command.js';
import { ROLE_NAMES } from '../../core/whoIs.js';
import { wantText } from './requests.js';

/** `#我`: my unit and my role, and a request still waiting. */
export const me: Command = {
  name: '我',
  aliases: ['我的', '身份'],
  access: 'everyone',
  summary: '查看本人单位和角色',
  usage: '#我',
  handle(ctx) {
    const p = ctx.person;
    // An unbound person's name is only their display name: in a group the privacy mask would show
    // whether a nickname they chose is a key person's name, so the group reply never repeats it.
    const name = ctx.inGroup && p.role === 'unbound' ? '您' : p.name;
    const roles = [p.isAdmin && ROLE_NAMES.admin, p.isSupervisor && ROLE_NAMES.supervisor].filter(Boolean);
    if (p.unit) roles.push(ROLE_NAMES.caseworker);
    const waiting = p.request ? `\n绑定申请（编号 ${p.request.no}）：${wantText(p.request)}，等待批准` : '';
    if (roles.length === 0)
      return [
        {
          text: waiting
            ? `${name}：${ROLE_NAMES.unbound}${waiting}`
            : `${name}：${ROLE_NAMES.unbound}。请发送 #绑定 单位名（例如 #绑定 东城司法所）`,
        },
      ];
    const unit = p.unit ?? '全部单位';
    return [{ text: `${p.name}：${unit} · ${roles.join('、')}${waiting}` }];
  },
};

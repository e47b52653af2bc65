import { allowed, type Command, findCommand, placeAllows } from '../core/Command.js';
import { UserError } from '../core/UserError.js';

/** `#帮助`: generated from the command list, so it cannot drift from what the bot does. */
export const help: Command = {
  name: '帮助',
  aliases: ['help', '?', '？', '菜单'],
  access: 'everyone',
  summary: '可用命令；#帮助 命令名 给出可复制的模板',
  usage: '#帮助\n#帮助 隐患',
  handle(ctx) {
    const name = ctx.argv[0]?.replace(/^[#＃]/, '');
    if (name) {
      const found = findCommand(name, ctx.commands);
      if (found?.rest !== '')
        throw new UserError(
          '没有这个命令。发送 #帮助 查看全部命令。',
          undefined,
          `没有“${name.slice(0, 20)}”这个命令。发送 #帮助 查看全部命令。`,
        );
      const c = found.command;
      if (!placeAllows(c, ctx.person, ctx.inGroup) && ctx.inGroup)
        return [{ text: `#${c.name}：${c.summary}。请私聊机器人发送 #帮助 ${c.name} 获取模板。` }];
      const aliases = c.aliases?.length ? `\n（也可写作：${c.aliases.map((a) => `#${a}`).join(' ')}）` : '';
      return [{ text: `#${c.name}：${c.summary}${aliases}\n\n${c.usage}` }];
    }
    const lines = ctx.commands
      .filter((c) => allowed(c, ctx) && (c.listed?.(ctx.deps, ctx.inGroup) ?? true))
      .map((c) => `#${c.name}  ${c.summary}`);
    const intro = ctx.person.request
      ? `您的绑定申请（编号 ${ctx.person.request.no}）正在等待管理员或督导批准。\n\n`
      : ctx.person.role === 'unbound'
        ? '您还没有绑定单位。先发送：#绑定 单位名（例如 #绑定 东城司法所），经管理员或督导批准后生效。\n\n'
        : '';
    return [{ text: `${intro}可用命令（发送 #帮助 命令名 查看模板）：\n${lines.join('\n')}` }];
  },
};

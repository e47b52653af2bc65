import type { Command } from '../../core/Command.js';

/**
 * `#群号`: the key of the group it is sent in (企业微信: its chatid; 钉钉: its conversationId), to put in the
 * campaign file's `chatid`.
 * It answers admins even in a group the campaign does not list yet: that is how a group gets listed.
 */
export const chatId: Command = {
  name: '群号',
  aliases: ['群ID', 'chatid'],
  access: 'admin',
  where: 'group',
  anyGroup: true,
  summary: '查看本群的群号（企业微信 chatid、钉钉 conversationId），填入活动配置文件的 groups',
  usage: '#群号（在要配置的工作群里 @机器人 发送）',
  handle(ctx) {
    const key = ctx.msg.room;
    if (key === null)
      return [
        { text: '#群号 要在工作群里发送：在要配置的群里 @机器人 发送 #群号，机器人回复这个群的群号。' },
      ];
    const listed = ctx.deps.campaign.groups.find((g) => g.key === key);
    return [
      {
        text: listed
          ? `本群群号：${key}（已配置为“${listed.name}”）`
          : `本群群号：${key}\n本群尚未配置。把它写进活动配置文件的 groups，例如：{ "name": "工作群名称", "chatid": "${key}" }，然后重启机器人。`,
      },
    ];
  },
};

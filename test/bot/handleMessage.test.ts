import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MAX_MESSAGE_CHARS } from '../../src/bot/handleMessage.js';
import { GROUP, makeBot, makeBoundBot, snapshot, textOf } from '../kit/testBot.js';

/** The reply to a binding request (binding waits for approval); in a group it never repeats a display name. */
const REQUESTED = (name: string, unit: string) =>
  new RegExp(`^已收到(您| ${name} )的绑定申请（编号 \\d+）：${unit}`);

describe('handleMessage guards', () => {
  test('ordinary chatter in the group gets no reply, ever', async () => {
    const bot = await makeBot();
    for (const t of ['今天天气不错', '帮助', '绑定 东城', '收到', '', '   ', '👍'])
      expect(await bot.send('张敏', t)).toEqual([]);
    await bot.close();
  });

  test('a message from a group the bot does not serve is ignored, commands included', async () => {
    const bot = await makeBot();
    expect(await bot.send('李四', '#帮助', '别的群')).toEqual([]);
    expect(await bot.send('李四', '#绑定 东城', '别的群')).toEqual([]);
    expect(bot.store.state.bindings).toEqual({});
    await bot.close();
  });

  test('full-width marks, extra spaces and blank lines are accepted', async () => {
    const bot = await makeBot();
    expect(await bot.say('张敏', '＃绑定　东城司法所')).toMatch(REQUESTED('张敏', '东城司法所'));
    expect(await bot.say('张敏', '#  我 ')).toContain('东城司法所，等待批准');
    await bot.close();
  });

  test('in a private chat the # is optional', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', '绑定 西城', null)).toMatch(REQUESTED('张敏', '西城司法所'));
    await bot.close();
  });

  test("WeChat's quoted reply: the quote is ignored, the new text below the rule is the command", async () => {
    const bot = await makeBoundBot();
    const quoted = '「王科长：请各所尽快绑定单位」\n- - - - - - - - - - - - - - -\n#绑定 南城';
    // The quote starts with no # in a group: the bot looks at the new text.
    expect(await bot.say('李娜', quoted, null)).toMatch(REQUESTED('李娜', '南城司法所'));
    await bot.close();
  });

  test('an @-mention of the bot is acted on without #', async () => {
    const bot = await makeBot();
    const out = await bot.bot.onMessage({
      id: 'm1',
      room: GROUP,
      sender: { key: '张敏', name: '张敏' },
      text: '绑定 东城',
      mentionsBot: true,
      at: bot.now(),
    });
    expect(out.map((o) => ('text' in o.reply ? o.reply.text : ''))).toEqual([
      expect.stringMatching(REQUESTED('张敏', '东城司法所')),
      expect.stringMatching(/【绑定申请/),
      expect.stringMatching(/【绑定申请/),
    ]);
    await bot.close();
  });

  test('an unknown command gets one reply pointing to #帮助', async () => {
    const bot = await makeBoundBot();
    const out = await bot.send('张敏', '#吃饭');
    expect(out).toHaveLength(1);
    expect(textOf(out[0])).toMatch(/^没有这个命令。发送 #帮助/);
    expect(await bot.say('张敏', '#吃饭', null)).toMatch(/没有“#吃饭”这个命令.*#帮助/);
    await bot.close();
  });

  test('an oversized message is refused early and changes nothing', async () => {
    const bot = await makeBot();
    const before = snapshot(bot);
    const text = await bot.say('张敏', `#绑定 ${'东'.repeat(MAX_MESSAGE_CHARS + 10)}`);
    expect(text).toMatch(/消息太长/);
    expect(snapshot(bot)).toBe(before);
    await bot.close();
  });

  test('a message delivered twice is handled once', async () => {
    const bot = await makeBot();
    const msg = {
      id: 'dup',
      room: GROUP,
      sender: { key: '张敏', name: '张敏' },
      text: '#走访 5',
      mentionsBot: false,
      at: bot.now(),
    };
    await bot.say('管理员', '#绑定 张敏 东城');
    expect(await bot.bot.onMessage(msg)).toHaveLength(1);
    expect(await bot.bot.onMessage(msg)).toEqual([]);
    expect(bot.store.state.figures).toHaveLength(1);
    await bot.close();
  });

  test('an unexpected error is answered briefly, logged with the message id, and changes nothing', async () => {
    const bot = await makeBoundBot();
    const before = snapshot(bot);
    // a regular file where the files folder should be: every export fails with ENOTDIR
    const blocker = join(bot.dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const broken = { ...bot.deps, filesDir: join(blocker, 'files') };
    const { Bot } = await import('../../src/bot/Bot.js');
    const second = new Bot(broken, bot.bot.transport);
    await bot.say('王科长', '#我');
    const from = bot.sent.length;
    await second.receive({
      id: 'boom-1',
      room: null,
      sender: { key: '王科长', name: '王科长' },
      text: '#导出 统计',
      mentionsBot: false,
      at: bot.now(),
    });
    await second.jobs.idle();
    // the export runs off the message path: its failure is the one reply after the heading, no file
    const out = bot.sent.slice(from);
    expect(out.map(textOf)).toEqual([
      expect.stringMatching(/^附件3 /),
      expect.stringMatching(/^生成附件3 统计表时出错，没有生成文件（编号 boom-1）/),
    ]);
    expect(bot.logs.join('\n')).toMatch(/boom-1/);
    expect(snapshot(bot)).toBe(before);
    await bot.close();
  });
});

describe('people', () => {
  test('#绑定: unknown or ambiguous units list the candidates and bind nothing', async () => {
    const bot = await makeBot();
    expect(await bot.say('张敏', '#绑定 城')).toMatch(
      /没有找到唯一对应的单位名称。可选：东城司法所、西城司法所、南城司法所/,
    );
    // Not even in private: 张敏 is not bound yet, so what was typed is not quoted back.
    expect(await bot.say('张敏', '#绑定 城', null)).not.toContain('“城”');
    expect(await bot.say('张敏', '#绑定 北京')).toMatch(/可选/);
    expect(bot.store.state.bindings).toEqual({});
    await bot.close();
  });

  test('re-binding oneself to another unit goes through an admin', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', '#绑定 西城')).toMatch(
      /绑定申请.*西城司法所（目前：东城司法所，批准前不变）/,
    );
    expect(await bot.say('张敏', '#我')).toMatch(/^张敏：东城司法所 · 司法所工作人员/);
    expect(await bot.say('管理员', '#批准 张敏')).toMatch(/^已批准编号 \d+ 的申请：西城司法所/);
    expect(await bot.say('张敏', '#我')).toBe('张敏：西城司法所 · 司法所工作人员');
    expect(await bot.say('管理员', '#解绑 张敏')).toMatch(/已解绑.*仍在活动配置的人员名单上：东城司法所/);
    expect(await bot.say('张敏', '#我')).toBe('张敏：东城司法所 · 司法所工作人员');
    await bot.say('管理员', '#绑定 赵六 南城');
    expect(await bot.say('管理员', '#解绑 赵六')).toMatch(/已解绑：赵六（原 南城司法所）$/);
    expect(await bot.say('赵六', '#我')).toMatch(/未绑定/);
    await bot.close();
  });

  test('#我 and #帮助 by role; help is generated from the command list', async () => {
    const bot = await makeBot();
    expect(await bot.say('王科长', '#我')).toBe('王科长：全部单位 · 督导（区社区矫正管理局）');
    const unbound = await bot.say('路人', '#帮助');
    expect(unbound).toMatch(/先发送：#绑定/);
    expect(unbound).not.toMatch(/#隐患/);
    await bot.say('管理员', '#绑定 张敏 东城');
    const caseworker = await bot.say('张敏', '#帮助');
    for (const c of ['#隐患', '#整改', '#修改', '#删除', '#台账', '#走访', '#上报', '#进度'])
      expect(caseworker).toContain(c);
    expect(caseworker).toContain('#导出');
    expect(caseworker).not.toContain('#核验');
    expect(await bot.say('王科长', '#帮助')).toContain('#核验');
    const template = await bot.say('张敏', '#帮助 隐患');
    expect(template).toContain('类别：二.4\n情况：');
    await bot.close();
  });
});

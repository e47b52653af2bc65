import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { HAZARD, makeBot, tempDir } from '../kit/testBot.js';

function photo(): string {
  const p = join(tempDir(), '照片.jpg');
  writeFileSync(p, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]));
  return p;
}

const texts = (out: { reply: object }[]) =>
  out.map((o) => ('text' in o.reply ? (o.reply as { text: string }).text : '[file]')).join('\n');

/**
 * A photo counts as evidence of the sender's own #整改, and only while they may still change that
 * hazard: whether they may is decided when the photo comes, by #删除's rule.
 */
describe('evidence for a hazard the sender may no longer touch', () => {
  test('#整改 H1 in 东城, moved to 西城 within the 10 minutes: the photo is refused, nothing kept', async () => {
    const bot = await makeBot();
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('小王', HAZARD);
    await bot.say('小王', '#整改 H1 已整改 已约谈并补办销假');
    await bot.say('管理员', '#绑定 小王 西城司法所', null);
    const reply = texts(await bot.attach('小王', photo(), null));
    expect(reply).toMatch(/东城司法所/);
    expect(reply).not.toMatch(/已保存/);
    expect(bot.store.state.hazards[0]?.evidence).toBeUndefined();
    await bot.close();
  });

  test('unbound after #整改: the photo is not downloaded for them, in private or in the group', async () => {
    const bot = await makeBot();
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('小王', HAZARD);
    await bot.say('小王', '#整改 H1 已整改 已约谈并补办销假');
    await bot.say('管理员', '#解绑 小王', null);
    let reads = 0;
    const hostile = {
      name: 'x.jpg',
      read: async () => {
        reads++;
        return Buffer.from('x');
      },
    };
    for (const room of [null, undefined]) {
      await bot.bot.receive({
        id: `u${String(room)}`,
        room: room === null ? null : '达川区社区矫正工作群',
        sender: { key: '小王', name: '小王' },
        text: '',
        mentionsBot: false,
        at: bot.now(),
        attachment: hostile,
      });
    }
    expect(reads).toBe(0);
    expect(bot.store.state.hazards[0]?.evidence).toBeUndefined();
    await bot.close();
  });

  test('H1 deleted by a colleague after my #整改: my photo is refused, nothing kept', async () => {
    const bot = await makeBot();
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('管理员', '#绑定 小李 东城司法所', null);
    await bot.say('小王', HAZARD);
    await bot.say('小王', '#整改 H1 已整改 已约谈并补办销假');
    expect(await bot.say('小李', '#删除 H1 重复登记')).toMatch(/H1/);
    expect(texts(await bot.attach('小王', photo(), null))).toMatch(/H1 已删除/);
    expect(bot.store.state.hazards[0]?.evidence).toBeUndefined();
    await bot.close();
  });
});

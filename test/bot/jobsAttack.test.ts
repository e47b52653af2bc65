import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import type { Outgoing } from '../../src/core/types.js';
import { gate, post, until } from '../kit/jobGate.js';
import { cellsOf, HAZARD, KEY_PERSON, makeBot, type TestBot, testCampaign } from '../kit/testBot.js';

const to = (o: Outgoing) => ('person' in o.to ? o.to.person : `group ${o.to.room}`);
const filesTo = (out: Outgoing[], who: string) =>
  out.filter((o) => to(o) === who && 'file' in o.reply).map((o) => ('file' in o.reply ? o.reply.file : ''));
const textsTo = (out: Outgoing[], who: string) =>
  out.filter((o) => to(o) === who && 'text' in o.reply).map((o) => ('text' in o.reply ? o.reply.text : ''));

/** The .xlsx files still in the bot's files folder (an export refused must leave no copy). */
const leftovers = (bot: TestBot) => readdirSync(join(bot.dir, 'files')).filter((f) => f.endsWith('.xlsx'));

describe('exports under attack', () => {
  test('asked, then unbound before the file is made: the ledger never reaches them, and no copy is left', async () => {
    const g = gate();
    const bot = await makeBot({ jobs: { beforeWork: g.beforeWork } });
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('小王', HAZARD);
    const from = bot.sent.length;
    const asked = post(bot, '小王', '#导出 台账', 'a1');
    await until(() => g.held.length === 1);
    // (sent without waiting for the files being made: the held one is among them)
    await post(bot, '管理员', '#解绑 小王', 'u1');
    expect(bot.store.state.bindings.小王).toBeUndefined();
    g.open();
    await asked;
    await bot.bot.jobs.idle();
    const out = bot.sent.slice(from);
    expect(filesTo(out, '小王')).toEqual([]);
    expect(textsTo(out, '小王').join('\n')).toMatch(/附件1 隐患台账只发送给督导人员或本单位人员/);
    expect(leftovers(bot)).toEqual([]);
    await bot.close();
  });

  test('asked for 附件3, then unbound before it is made: no file either (#统计 is for staff only)', async () => {
    const g = gate();
    const bot = await makeBot({ jobs: { beforeWork: g.beforeWork } });
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('小王', '#走访 3');
    const from = bot.sent.length;
    const asked = post(bot, '小王', '#导出 统计', 's1');
    await until(() => g.held.length === 1);
    await post(bot, '管理员', '#解绑 小王', 'u1');
    g.open();
    await asked;
    await bot.bot.jobs.idle();
    const out = bot.sent.slice(from);
    expect(filesTo(out, '小王')).toEqual([]);
    expect(textsTo(out, '小王').join('\n')).toMatch(/附件3 统计表只发送给/);
    expect(leftovers(bot)).toEqual([]);
    // an unbound person typing it is refused as before
    expect(await bot.say('小王', '#导出 统计', null)).toMatch(/还没有绑定单位/);
    await bot.close();
  });

  test('a supervisor granted in chat asks for 附件2, is unbound while it is made: no key-person file', async () => {
    const g = gate();
    const bot = await makeBot({ jobs: { beforeWork: g.beforeWork } });
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('小王', KEY_PERSON, null);
    await bot.sendAs('duda', '督导甲', '#绑定 督导');
    const no = bot.store.state.requests.duda?.no;
    expect(await bot.say('管理员', `#批准 ${no}`, null)).toMatch(/已批准/);
    const from = bot.sent.length;
    const asked = post(bot, 'duda', '#导出 重点人员', 'k1');
    await until(() => g.held.length === 1);
    await post(bot, '管理员', '#解绑 duda', 'u1');
    expect(bot.store.state.roles.duda).toBeUndefined();
    g.open();
    await asked;
    await bot.bot.jobs.idle();
    const out = bot.sent.slice(from);
    expect(out.filter((o) => 'file' in o.reply)).toEqual([]);
    expect(textsTo(out, 'duda').join('\n')).toMatch(/只发送给督导人员/);
    expect(leftovers(bot)).toEqual([]);
    await bot.close();
  });

  test('nine caseworkers ask at once: eight files, each to its asker and of their own unit only; the ninth is told to wait', async () => {
    const units = ['东城司法所', '西城司法所', '南城司法所'];
    const people = Array.from({ length: 9 }, (_, i) => ({
      key: `cw${i}`,
      name: `工作人员${i}`,
      unit: units[i % 3] as string,
    }));
    const g = gate();
    const campaign = testCampaign();
    const bot = await makeBot({ campaign: { ...campaign, people }, jobs: { beforeWork: g.beforeWork } });
    for (const [i, u] of units.entries())
      await bot.say(`cw${i}`, HAZARD.replace('请假到期后超时2天未销假', `${u}独有的情况`), null);
    const from = bot.sent.length;
    const asked = people.map((p, i) => post(bot, p.key, '#导出 台账', `n${i}`));
    await until(() => g.held.length === 1 && bot.sent.length - from >= 9);
    g.open();
    await Promise.all(asked);
    await bot.bot.jobs.idle();
    const out = bot.sent.slice(from);
    for (const [i, p] of people.entries()) {
      const files = filesTo(out, p.key);
      if (i === 8) {
        expect(files).toEqual([]);
        expect(textsTo(out, p.key)).toEqual(['正在生成的文件较多，请过几分钟再试。']);
        continue;
      }
      expect(files).toHaveLength(1);
      const cells = await cellsOf(files[0] as string);
      for (const u of units)
        if (u === p.unit) expect(cells).toContain(`${u}独有的情况`);
        else expect(cells).not.toContain(`${u}独有的情况`);
    }
    expect(out.filter((o) => 'room' in o.to)).toEqual([]);
    await bot.close();
  });

  test('a job that fails is one reply saying no file was made; the asker may ask again', async () => {
    const bot = await makeBot({
      campaign: { ...testCampaign(), people: [{ key: '张敏', name: '张敏', unit: '东城司法所' }] },
    });
    await bot.say('张敏', HAZARD);
    const files = join(bot.dir, 'files');
    rmSync(files, { recursive: true });
    writeFileSync(files, 'not a folder'); // the export cannot be written
    const failed = await bot.send('张敏', '#导出 台账', null);
    expect(failed.filter((o) => 'file' in o.reply)).toEqual([]);
    expect(textsTo(failed, '张敏').join('\n')).toMatch(/^附件1[\s\S]*生成附件1 隐患台账时出错，没有生成文件/);
    expect(bot.logs.join('\n')).toMatch(/making 附件1 隐患台账 failed/);
    rmSync(files);
    const again = await bot.send('张敏', '#导出 台账', null);
    expect(again.filter((o) => 'file' in o.reply)).toHaveLength(1);
    expect(existsSync(files)).toBe(true);
    await bot.close();
  });
});

import { describe, expect, test } from '@jest/globals';
import { makeBoundBot } from '../kit/testBot.js';

const ANSWER = /^这像是 #隐患 的一行，请以 #隐患 开头整段发送/;

describe('a template line sent alone', () => {
  test.each([
    ['责任人：赵强'],
    ['时限：9月30日'],
    ['情况：对象赵某请假超期未归'],
    ['类别：二.4'],
    ['＃责任人：赵强'],
  ])('%s: answered with the template, nothing guessed, nothing logged', async (line) => {
    const bot = await makeBoundBot();
    const reply = await bot.say('张敏', line, null);
    expect(reply).toMatch(ANSWER);
    expect(reply).toContain('#隐患\n类别：');
    expect(reply).not.toMatch(/草稿|看起来|赵强|赵某|9月30日/);
    expect(bot.store.state.seq).toBe(0);
    await bot.close();
  });

  test('in a group (@机器人), the same answer, never the value', async () => {
    const bot = await makeBoundBot();
    const reply = await bot.mention('张敏', '责任人：赵强');
    expect(reply).toMatch(ANSWER);
    expect(reply).not.toContain('赵强');
    await bot.close();
  });

  test('several field lines without #隐患: the same, as a whole', async () => {
    const bot = await makeBoundBot();
    const reply = await bot.say('张敏', '类别：二.4\n情况：对象赵某请假超期\n时限：9月30日', null);
    expect(reply).toMatch(/^这像是 #隐患 的内容，请以 #隐患 开头整段发送/);
    expect(reply).not.toMatch(/赵某|草稿/);
    await bot.close();
  });

  test('free text describing a hazard still gets its draft; #类别 still lists the categories', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', '东城所新发现一个隐患：对象刘某请假超期2天未销假', null)).toMatch(/草稿/);
    expect(await bot.say('张敏', '#类别', null)).toMatch(/^风险隐患类别/);
    expect(await bot.say('张敏', '请假：三天', null)).not.toMatch(ANSWER);
    await bot.close();
  });
});

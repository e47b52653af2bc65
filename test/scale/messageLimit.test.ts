import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { generate, memberOf, profileCampaign, writeStore } from '../../bench/profile.js';
import { COMMANDS } from '../../src/commands/index.js';
import type { Outgoing } from '../../src/core/types.js';
import { charCount, MAX_MENTIONS, MAX_OUTGOING_CHARS } from '../../src/views/messageLimit.js';
import { makeBot, tempDir } from '../kit/testBot.js';

/** A province: 4,000 units in groups of 400, plus one group serving them all (the worst case). */
async function provinceBot() {
  const campaign = profileCampaign({ units: 4000, unitsPerGroup: 400 });
  campaign.groups.push({ key: '全省工作群', name: '全省工作群', units: campaign.units });
  const dir = tempDir('jz-province-');
  await writeStore(join(dir, 'data'), generate(40_000, campaign));
  return { campaign, bot: await makeBot({ campaign, dir, at: '2022-08-05T10:00:00+08:00' }) };
}

function check(out: Outgoing[], what: string, logs: string[]): void {
  const cut = logs.filter((l) => /cut to/.test(l));
  if (cut.length > 0) throw new Error(`${what}: ${cut.join('; ')}`);
  for (const o of out) {
    if (!('text' in o.reply)) continue;
    const size = charCount(o.reply.text);
    if (size > MAX_OUTGOING_CHARS) throw new Error(`${what}: ${size} characters`);
    expect(o.reply.mentions?.length ?? 0).toBeLessThanOrEqual(MAX_MENTIONS);
  }
}

describe('at province scale (4,000 units, 40k records, 11 groups)', () => {
  test('no reminder and no reply of any command exceeds the message size limit, and none had to be cut', async () => {
    const { campaign, bot } = await provinceBot();
    const big = campaign.groups[0]?.key as string;
    const all = '全省工作群';
    // every command, bare and with the arguments that list most, from a supervisor and a caseworker, in groups and privately
    const texts = [
      ...COMMANDS.map((c) => `#${c.name}`),
      '#台账 全部',
      '#台账 未整改',
      `#台账 ${campaign.units[0]}`,
      '#帮助 隐患',
      '#历史 H1',
    ];
    for (const text of texts)
      for (const [who, room] of [
        ['王科长', all],
        ['王科长', big],
        ['王科长', null],
        ['管理员', null],
        [memberOf(0), big],
        [memberOf(0), null],
      ] as const)
        check(await bot.send(who, text, room), `${who} ${text} in ${room ?? 'private'}`, bot.logs);
    // reminders: a deadline day (all three forms nag, hazards due), the day after a deadline (late notices)
    for (const day of [
      '2022-08-09T08:00',
      '2022-08-09T09:00',
      '2022-08-10T08:00',
      '2022-08-10T09:00',
      '2022-09-06T09:00',
    ]) {
      const out = await bot.advance(`${day}:00+08:00`);
      expect(out.length).toBeGreaterThan(0);
      check(out, `reminders at ${day}`, bot.logs);
    }
    expect(bot.logs.filter((l) => /cut to/.test(l))).toEqual([]);
    await bot.close();
  });

  test('reminders in a group name only its units; a unit hears of its hazards once a day', async () => {
    const { campaign, bot } = await provinceBot();
    bot.setNow('2022-08-20T08:59:00+08:00');
    const out = await bot.advance('2022-08-20T09:00:00+08:00');
    const group = campaign.groups[1];
    const msg = out.find((o) => 'room' in o.to && o.to.room === group?.key);
    const text = msg && 'text' in msg.reply ? msg.reply.text : '';
    expect(text).toMatch(/【整改提醒】/);
    // the people @-mentioned all work in this group's units (400 to 799)
    const named = [...text.matchAll(/@wx_(\d+)/g)].map((m) => Number(m[1]));
    expect(named.length).toBeGreaterThan(0);
    for (const i of named) expect(i >= 400 && i < 800).toBe(true);
    const keys = Object.keys(bot.store.state.reminders).filter((k) => k.startsWith('hazards:'));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBeLessThanOrEqual(campaign.units.length);
    expect(await bot.advance('2022-08-20T12:00:00+08:00')).toEqual([]);
    await bot.close();
  });
});

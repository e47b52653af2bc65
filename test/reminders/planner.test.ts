import { describe, expect, test } from '@jest/globals';
import { fixedReminders, planReminders } from '../../src/reminders/planReminders.js';
import { makeBoundBot, type TestBot, testCampaign, textOf } from '../kit/testBot.js';

const at = (s: string) => Date.parse(`${s}+08:00`);

/** What the bot sends at a moment (stamped sent, as a transport would after delivering). */
async function sweep(
  bot: TestBot,
  when: string,
): Promise<{ to: string; text: string; mentions: string[] }[]> {
  bot.setNow(`${when}+08:00`);
  const out = await bot.bot.remindersDue(bot.now());
  for (const o of out) await o.afterSent?.();
  return out.map((o) => ({
    to: 'room' in o.to ? o.to.room : `私聊 ${o.to.person}`,
    text: textOf(o),
    mentions: 'text' in o.reply ? (o.reply.mentions ?? []) : [],
  }));
}

describe('the fixed plan', () => {
  test('each form at every daysBefore offset at the configured time, late notices, phase starts', () => {
    const keys = fixedReminders(testCampaign()).map((r) => [r.key, new Date(r.scheduledAt).toISOString()]);
    expect(keys).toContainEqual(['deadline:keyPersons:2022-08-06', '2022-08-06T01:00:00.000Z']);
    expect(keys).toContainEqual(['deadline:keyPersons:2022-08-08', '2022-08-08T01:00:00.000Z']);
    expect(keys).toContainEqual(['deadline:keyPersons:2022-08-09', '2022-08-09T01:00:00.000Z']);
    expect(keys).toContainEqual(['late:keyPersons:supervisors', '2022-08-10T00:00:00.000Z']);
    expect(keys).toContainEqual(['late:keyPersons:group', '2022-08-10T01:00:00.000Z']);
    expect(keys).toContainEqual(['deadline:hazards:2022-09-03', '2022-09-03T01:00:00.000Z']);
    expect(keys).toContainEqual(['phase:排查整治:2022-08-11', '2022-08-11T01:00:00.000Z']);
    expect(keys.filter(([k]) => k?.startsWith('deadline:'))).toHaveLength(9);
  });

  test('offsets and time come from the campaign file', () => {
    const c = testCampaign({ reminders: { daysBefore: [5], time: '15:30', hazardDueDaysBefore: 2 } });
    const d = fixedReminders(c).filter((r) => r.kind === 'deadline');
    expect(d.map((r) => r.key)).toEqual([
      'deadline:keyPersons:2022-08-04',
      'deadline:hazards:2022-09-01',
      'deadline:statistics:2022-09-24',
    ]);
    expect(new Date(d[0]?.scheduledAt ?? 0).toISOString()).toBe('2022-08-04T07:30:00.000Z');
  });
});

describe('deadline reminders', () => {
  test('name and @-mention only the units that have not submitted; a unit that submits between two reminders drops out', async () => {
    const bot = await makeBoundBot({ at: '2022-08-05T10:00:00+08:00' });
    expect(await sweep(bot, '2022-08-06T08:59:00')).toEqual([]);
    const first = await sweep(bot, '2022-08-06T09:00:00');
    expect(first).toHaveLength(1);
    expect(first[0]?.to).toBe('达川区社区矫正工作群');
    expect(first[0]?.text).toMatch(
      /^【催报】附件2 重点人员台账 8月9日截止（还有3天），尚未上报 3 个单位：东城司法所 @张敏；西城司法所 @李娜；尚无人绑定的 1 个单位：南城。/,
    );
    expect(first[0]?.mentions.sort()).toEqual(['张敏', '李娜'].sort());
    // once a minute afterwards: nothing more
    expect(await sweep(bot, '2022-08-06T09:01:00')).toEqual([]);
    expect(await sweep(bot, '2022-08-07T09:00:00')).toEqual([]);
    bot.setNow('2022-08-07T10:00:00+08:00');
    await bot.say('张敏', '#上报 重点人员 无');
    const second = await sweep(bot, '2022-08-08T09:00:00');
    expect(second[0]?.text).toMatch(/（还有1天），尚未上报 2 个单位：西城司法所 @李娜；/);
    expect(second[0]?.text).not.toMatch(/东城/);
    expect(second[0]?.mentions).toEqual(['李娜']);
    const last = await sweep(bot, '2022-08-09T09:00:00');
    expect(last[0]?.text).toMatch(/8月9日截止（今天截止）/);
    await bot.close();
  });

  test('when every unit has submitted, nobody is nagged', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#上报 重点人员 无');
    await bot.say('李娜', '#上报 重点人员 无');
    await bot.say('管理员', '#绑定 赵六 南城');
    await bot.say('赵六', '#上报 重点人员 无');
    expect(await sweep(bot, '2022-08-06T09:00:00')).toEqual([]);
    const sup = await sweep(bot, '2022-08-10T08:00:00');
    expect(sup).toEqual([
      {
        to: '私聊 王科长',
        text: '【逾期情况】\n附件2 重点人员台账（8月9日截止）：全部 3 个单位已按时上报。',
        mentions: [],
      },
    ]);
    expect(await sweep(bot, '2022-08-10T09:00:00')).toEqual([]);
    await bot.close();
  });

  test('after the deadline: supervisors privately at 08:00, the group at the reminder time, each once', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#上报 重点人员 无');
    const sup = await sweep(bot, '2022-08-10T08:00:00');
    expect(sup).toHaveLength(1);
    expect(sup[0]?.to).toBe('私聊 王科长');
    expect(sup[0]?.text).toMatch(/已上报 1\/3，逾期未报 2 个：西城司法所、南城司法所/);
    const group = await sweep(bot, '2022-08-10T09:00:00');
    expect(group[0]?.text).toMatch(
      /^【逾期未报】附件2 重点人员台账 已于8月9日截止，仍未上报：西城司法所 @李娜；尚无人绑定的 1 个单位：南城/,
    );
    // the next morning: no repeat of either notice, only the start of the 排查整治 phase
    expect(await sweep(bot, '2022-08-11T08:00:00')).toEqual([]);
    const next = await sweep(bot, '2022-08-11T09:00:00');
    expect(next.map((o) => o.text)).toEqual(['【阶段】今天起进入“排查整治”阶段（8月11日—9月8日）。']);
    await bot.close();
  });

  test('nothing is sent in quiet hours; a catch-up waits for the morning', async () => {
    const bot = await makeBoundBot();
    expect(await sweep(bot, '2022-08-08T22:00:00')).toEqual([]);
    expect(await sweep(bot, '2022-08-09T07:59:00')).toEqual([]);
    const morning = await sweep(bot, '2022-08-09T08:00:00');
    expect(morning).toHaveLength(1);
    await bot.close();
  });
});

describe('downtime and restarts', () => {
  test('a reminder missed while down is sent once on start if its deadline is ahead; older ones of the same form are superseded', async () => {
    const bot = await makeBoundBot();
    // down from 08-05 to 08-08 14:00: the 3-day and 1-day nags were missed, the deadline is still ahead
    const out = await sweep(bot, '2022-08-08T14:00:00');
    expect(out).toHaveLength(1);
    expect(out[0]?.text).toMatch(/^【催报】附件2 重点人员台账 8月9日截止（还有1天）/);
    expect(out[0]?.text.match(/【催报】/g)).toHaveLength(1);
    expect(bot.store.state.reminders['deadline:keyPersons:2022-08-06']).toBeDefined();
    expect(await sweep(bot, '2022-08-08T14:01:00')).toEqual([]);
    await bot.close();
  });

  test('a reminder whose deadline passed while down is dropped and logged', async () => {
    const bot = await makeBoundBot();
    const plan = planReminders(bot.store.state, bot.deps.campaign, at('2022-08-12T10:00:00'));
    expect(plan.expired.map((r) => r.key)).toEqual(
      expect.arrayContaining([
        'deadline:keyPersons:2022-08-06',
        'deadline:keyPersons:2022-08-09',
        'phase:安排部署:2022-08-01',
      ]),
    );
    expect(plan.due.map((r) => r.key)).toEqual(['late:keyPersons:supervisors', 'late:keyPersons:group']);
    await sweep(bot, '2022-08-12T10:00:00');
    expect(bot.logs.join('\n')).toMatch(
      /deadline:keyPersons:2022-08-09: its time passed while the bot was down .* dropped/,
    );
    await bot.close();
  });

  test('a restart right after a reminder does not repeat it', async () => {
    const bot = await makeBoundBot();
    expect(await sweep(bot, '2022-08-06T09:00:00')).toHaveLength(1);
    await bot.close();
    const again = await makeBoundBot({ dir: bot.dir, at: '2022-08-06T09:00:30+08:00' });
    expect(await sweep(again, '2022-08-06T09:01:00')).toEqual([]);
    await again.close();
  });

  test('a reminder handed to the transport but not yet confirmed is not planned again by the next sweep', async () => {
    const bot = await makeBoundBot();
    bot.setNow('2022-08-06T09:00:00+08:00');
    const first = await bot.bot.remindersDue(bot.now());
    expect(first).toHaveLength(1);
    bot.setNow('2022-08-06T09:01:00+08:00');
    expect(await bot.bot.remindersDue(bot.now())).toEqual([]);
    expect(bot.store.state.reminders['deadline:keyPersons:2022-08-06']).toBeUndefined();
    await first[0]?.afterSent?.();
    expect(bot.store.state.reminders['deadline:keyPersons:2022-08-06']).toBeDefined();
    await bot.close();
  });
});

describe('hazard reminders', () => {
  // 确认：是 — the same text twice in a unit would otherwise be asked about as a duplicate
  const hazard = (deadline: string) =>
    `#隐患\n类别：二.4\n情况：请假超时\n措施：约谈\n时限：${deadline}\n确认：是`;

  test('a hazard due tomorrow is reminded to its unit, grouped in one message with the deadline nag', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', hazard('8月7日'));
    await bot.say('张敏', hazard('8月20日'));
    await bot.say('李娜', hazard('8月7日'));
    const out = await sweep(bot, '2022-08-06T09:00:00');
    expect(out).toHaveLength(1);
    const text = out[0]?.text ?? '';
    expect(text).toMatch(/【催报】/);
    expect(text).toMatch(
      /【整改提醒】东城司法所 @张敏，以下隐患到期或逾期未整改：\nH1 二\.4 请假超时 · 时限8月7日 · 张敏（明天到期）/,
    );
    expect(text).toMatch(/【整改提醒】西城司法所 @李娜，[^【]*H3 /);
    expect(text).not.toMatch(/H2 /);
    await bot.close();
  });

  test('an overdue hazard is reminded once a day, not once a minute, until it is closed', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', hazard('8月7日'));
    await bot.say('张敏', '#上报 重点人员 无');
    await bot.say('李娜', '#上报 重点人员 无');
    await bot.say('管理员', '#绑定 赵六 南城');
    await bot.say('赵六', '#上报 重点人员 无');
    const days: string[] = [];
    for (const day of ['08', '09', '10']) {
      for (const minute of ['09:00', '09:01', '12:00', '20:59']) {
        for (const o of await sweep(bot, `2022-08-${day}T${minute}:00`))
          if (/整改提醒/.test(o.text))
            days.push(`${day} ${minute} ${o.text.match(/（[^）]*逾期\d+天）/)?.[0]}`);
      }
    }
    expect(days).toEqual(['08 09:00 （逾期1天）', '09 09:00 （逾期2天）', '10 09:00 （逾期3天）']);
    bot.setNow('2022-08-10T10:00:00+08:00');
    await bot.say('张敏', '#整改 H1 已整改 已销假');
    expect((await sweep(bot, '2022-08-11T09:00:00')).some((o) => /整改提醒/.test(o.text))).toBe(false);
    await bot.close();
  });
});

describe('#提醒计划', () => {
  test('admins and supervisors see the next reminders with their times; caseworkers are refused', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#上报 重点人员 无');
    const plan = await bot.say('管理员', '#提醒计划', null);
    expect(plan.split('\n').slice(0, 3)).toEqual([
      '提醒计划（3、1、0 天前 09:00；21:00—08:00 不发）：',
      '2022-08-06 09:00 催报 附件2 重点人员台账（目前未上报 2 个单位）',
      '2022-08-08 09:00 催报 附件2 重点人员台账（目前未上报 2 个单位）',
    ]);
    expect(await bot.say('王科长', '#提醒计划', null)).toMatch(/2022-08-10 08:00 私聊督导 附件2 逾期名单/);
    expect(await bot.say('张敏', '#提醒计划')).toMatch(/仅限管理员和督导/);
    await sweep(bot, '2022-08-06T09:00:00');
    expect(await bot.say('管理员', '#提醒计划', null)).not.toMatch(/2022-08-06 09:00/);
    await bot.close();
  });
});

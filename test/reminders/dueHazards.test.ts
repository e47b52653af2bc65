import { describe, expect, test } from '@jest/globals';
import { hazardReminderKey, hazardsDueByUnit } from '../../src/reminders/dueHazards.js';
import { makeBoundBot } from '../kit/testBot.js';

const hazard = (situation: string) => `#隐患\n类别：二.4\n情况：${situation}\n措施：约谈\n时限：9月5日`;

describe('hazards due, asked minute after minute', () => {
  test('a unit reminded drops out; a hazard changed after the last answer is shown as it is now', async () => {
    const bot = await makeBoundBot({ at: '2022-09-01T10:00:00+08:00' });
    expect(await bot.say('张敏', hazard('东城的隐患'))).toMatch(/^已登记 H1/);
    expect(await bot.say('李娜', hazard('西城的隐患'))).toMatch(/^已登记 H2/);
    const { campaign } = bot.deps;
    const date = '2022-09-05';
    const due = () => hazardsDueByUnit(bot.store.state, campaign, date);
    const first = due();
    expect([...first.keys()].sort()).toEqual(['东城司法所', '西城司法所']);
    // 东城's reminder is sent: only 西城 is left
    await bot.store.commit({
      by: '机器人',
      unit: null,
      at: '2022-09-05T09:00:00+08:00',
      msgId: null,
      type: 'reminder.sent',
      keys: [hazardReminderKey('东城司法所', date)],
    });
    expect([...due().keys()]).toEqual(['西城司法所']);
    // 西城's hazard is edited before the next minute: the answer carries it as it is now
    expect(await bot.say('李娜', '#修改 H2\n情况：西城的隐患（已约谈）')).toMatch(/已修改|H2/);
    expect(
      due()
        .get('西城司法所')
        ?.map((h) => h.situation),
    ).toEqual(['西城的隐患（已约谈）']);
    expect(due().has('东城司法所')).toBe(false);
    await bot.close();
  });
});

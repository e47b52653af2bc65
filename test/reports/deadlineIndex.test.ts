import { describe, expect, test } from '@jest/globals';
import { rng } from '../../bench/profile.js';
import { deadlineIndex, fullDeadlineIndex } from '../../src/reports/deadlineIndex.js';
import { makeBoundBot } from '../kit/testBot.js';

const snapshot = (ix: ReturnType<typeof fullDeadlineIndex>) => ({
  deadlines: [...ix.deadlines],
  byDeadline: [...ix.byDeadline].map(([d, ids]) => [d, [...ids].sort((a, b) => a - b)]).sort(),
});

describe('the deadline index', () => {
  test('kept up to date change by change, it always equals a full pass (random adds, status changes, deadline edits, withdrawals)', async () => {
    const bot = await makeBoundBot();
    const r = rng(42);
    const day = () => `8月${10 + Math.floor(r() * 20)}日`;
    const statuses = ['未整改', '整改中', '已整改', '无法整改 无法联系'];
    deadlineIndex(bot.store.state);
    for (let i = 0; i < 120; i++) {
      const n = bot.store.state.hazards.length;
      const id = 1 + Math.floor(r() * Math.max(n, 1));
      const who = r() < 0.5 ? '张敏' : '李娜';
      const roll = r();
      if (n === 0 || roll < 0.35)
        await bot.say(who, `#隐患\n类别：二.4\n情况：请假超时${i}\n措施：约谈\n时限：${day()}`);
      else if (roll < 0.6) await bot.say('王科长', `#整改 H${id} ${statuses[Math.floor(r() * 4)]}`);
      else if (roll < 0.85) await bot.say('王科长', `#修改 H${id}\n时限：${day()}`);
      else await bot.say('王科长', `#删除 H${id} 重复登记`);
      if (i % 7 === 0)
        expect(snapshot(deadlineIndex(bot.store.state))).toEqual(
          snapshot(fullDeadlineIndex(bot.store.state)),
        );
    }
    const live = snapshot(deadlineIndex(bot.store.state));
    expect(live).toEqual(snapshot(fullDeadlineIndex(bot.store.state)));
    expect(live.deadlines.length).toBeGreaterThan(3);
    await bot.close();
  });
});

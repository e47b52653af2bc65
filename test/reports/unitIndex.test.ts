import { describe, expect, test } from '@jest/globals';
import { unitIndex } from '../../src/reports/unitIndex.js';
import type { State } from '../../src/store/state.js';
import { makeBoundBot } from '../kit/testBot.js';

/** A fresh full pass, on a copy the cache has never seen. */
function rebuilt(state: State, units: readonly string[]) {
  return JSON.stringify([...unitIndex(structuredClone(state), units)]);
}

describe('unitIndex kept up to date change by change', () => {
  test('equals a full pass after every change of a random history', async () => {
    const bot = await makeBoundBot();
    await bot.say('管理员', '#绑定 赵六 南城');
    const units = bot.deps.campaign.units;
    let x = 7;
    const random = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x / 2 ** 31;
    };
    const people = ['张敏', '李娜', '赵六'];
    const statuses = ['未整改', '整改中', '已整改 做完了', '无法整改 原因'];
    for (let i = 0; i < 300; i++) {
      const who = people[Math.floor(random() * 3)] as string;
      const h = 1 + Math.floor(random() * (bot.store.state.hazards.length + 1));
      const p = 1 + Math.floor(random() * (bot.store.state.keyPersons.length + 1));
      const commands = [
        `#隐患\n类别：二.4\n情况：x${i}\n措施：y\n时限：9月5日`,
        `#整改 H${h} ${statuses[Math.floor(random() * 4)]}`,
        `#删除 H${h} 测试`,
        `#重点人员\n姓名：人${i}\n性别：男\n矫正类型：缓刑\n类型：涉毒\n管控措施：走访`,
        `#删除 P${p} 解矫`,
        `#修改 P${p}\n风险：变化${i}`,
        `#走访 ${1 + Math.floor(random() * 5)}`,
        '#更正 走访 -1 重复',
        `#应收未收 ${Math.floor(random() * 3)}`,
        `#脱管 ${Math.floor(random() * 2)}`,
        `#定位 ${10 + Math.floor(random() * 5)} ${Math.floor(random() * 10)}`,
        '#上报 台账',
        '#上报 重点人员',
        '#上报 统计',
      ];
      await bot.say(who, commands[Math.floor(random() * commands.length)] as string, null);
      // the bureau's verdicts and undo reach the counts too
      const r = random();
      if (r < 0.08) await bot.say('王科长', `#核验 H${h} ${r < 0.04 ? '通过' : '退回 不彻底'}`, null);
      else if (r < 0.14) await bot.say(who, '#撤销', null);
      // read through the cache (incremental), then compare with a full pass
      expect(JSON.stringify([...unitIndex(bot.store.state, units)])).toBe(rebuilt(bot.store.state, units));
    }
    expect(bot.store.state.seq).toBeGreaterThan(150);
    await bot.close();
  });
});

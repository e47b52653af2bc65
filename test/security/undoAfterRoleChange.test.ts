import { describe, expect, test } from '@jest/globals';
import { HAZARD, makeBot } from '../kit/testBot.js';

/** #撤销 is judged by the role the person holds when undoing, not the one they held when they acted. */
describe('#撤销 after the role changed', () => {
  test('a supervisor logs H1 for 西城, loses the role and is bound to 东城: #撤销 refused, H1 stays', async () => {
    const bot = await makeBot();
    await bot.sendAs('duda', '督导甲', '#绑定 督导');
    const no = bot.store.state.requests.duda?.no;
    expect(await bot.say('管理员', `#批准 ${no}`, null)).toMatch(/已批准/);
    const logged = await bot.sendAs('duda', '督导甲', `${HAZARD.replace('东城', '西城')}\n单位：西城司法所`);
    expect(bot.store.state.hazards[0]?.unit).toBe('西城司法所');
    expect(logged.length).toBeGreaterThan(0);
    expect(await bot.say('管理员', '#解绑 duda', null)).toMatch(/已解绑/);
    expect(await bot.say('管理员', '#绑定 duda 东城司法所', null)).toMatch(/已绑定/);
    const seq = bot.store.state.seq;
    const reply = await bot.say('duda', '#撤销');
    expect(reply).toMatch(/H1 属于西城司法所.*不能撤销/);
    expect(bot.store.state.seq).toBe(seq);
    expect(bot.store.state.hazards[0]?.withdrawn).toBeFalsy();
    await bot.close();
  });

  test('unbound altogether: #撤销 is refused as for anyone without a unit', async () => {
    const bot = await makeBot();
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('小王', HAZARD);
    await bot.say('管理员', '#解绑 小王', null);
    expect(await bot.say('小王', '#撤销')).toMatch(/还没有绑定单位/);
    expect(bot.store.state.hazards[0]?.withdrawn).toBeFalsy();
    await bot.close();
  });
});

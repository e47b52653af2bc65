import { describe, expect, test } from '@jest/globals';
import { unitIndex } from '../../src/reports/unitIndex.js';
import { HAZARD, makeBot, makeBoundBot } from '../kit/testBot.js';

/**
 * #撤销 undoes my own last change, and only while nobody acted on the record after me. A
 * supervisor's verification is such an act: it does not change the record's fields, but undoing
 * the #整改 it verified must not wipe it.
 */
describe('#撤销 never undoes someone else’s change', () => {
  test('#整改 H1 已整改, the supervisor verifies it, then #撤销: refused, the verification stands', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    await bot.say('张敏', '#整改 H1 已整改 已约谈并补办销假');
    expect(await bot.say('王科长', '#核验 H1 通过')).toMatch(/已销账/);
    const seq = bot.store.state.seq;
    const reply = await bot.say('张敏', '#撤销');
    expect(reply).toMatch(/不能撤销/);
    expect(reply).toMatch(/王科长/);
    expect(bot.store.state.seq).toBe(seq);
    expect(bot.store.state.hazards[0]).toMatchObject({ status: '已整改', verified: { by: '王科长' } });
    await bot.close();
  });

  test('a hazard logged as 已整改 and verified at once cannot be withdrawn by #撤销 of its registration', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD.replace('状态：整改中', '状态：已整改'));
    expect(bot.store.state.hazards[0]?.status).toBe('已整改');
    expect(await bot.say('王科长', '#核验 H1 通过')).toMatch(/已销账/);
    expect(await bot.say('张敏', '#撤销')).toMatch(/不能撤销/);
    expect(bot.store.state.hazards[0]?.withdrawn).toBeFalsy();
    await bot.close();
  });
});

describe('#撤销 of a figure a colleague corrected since', () => {
  test('小王 reports 走访 +7 by mistake, 小李 corrects it by -2, 小王 undoes the +7: refused, the total stays 5, never -2', async () => {
    const bot = await makeBot();
    await bot.say('管理员', '#绑定 小王 东城司法所', null);
    await bot.say('管理员', '#绑定 小李 东城司法所', null);
    await bot.say('小王', '#走访 7');
    expect(await bot.say('小李', '#更正 走访 -2 小王多报了2人次')).toMatch(/累计 5 人次/);
    const seq = bot.store.state.seq;
    const reply = await bot.say('小王', '#撤销');
    expect(reply).toMatch(/不能撤销/);
    expect(reply).toMatch(/更正/);
    expect(bot.store.state.seq).toBe(seq);
    const facts = unitIndex(bot.store.state, bot.deps.campaign.units).get('东城司法所');
    expect(facts?.cumulative.走访).toBe(5);
    await bot.close();
  });
});

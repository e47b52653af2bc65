import { describe, expect, test } from '@jest/globals';
import type { Outgoing } from '../../src/core/types.js';
import { HAZARD, makeBoundBot, textOf } from '../kit/testBot.js';

/** what `person` is told privately (not the reply to the requester) */
const told = (out: Outgoing[], person: string) =>
  out.filter((o) => o.inReplyTo === undefined && 'person' in o.to && o.to.person === person).map(textOf);

/**
 * A display name is a label anyone sets. A stranger who takes a member's name (张敏 of 东城) or a
 * supervisor's (王科长) and asks for that member's unit reads, in the approver's notice, like the
 * member asking again; approved, they would sign records and group replies with that name.
 */
describe('a request under a member’s name is flagged, and approved only by its number', () => {
  test('a stranger named 张敏 asks for 东城: the notice warns, #批准 张敏 approves nothing, the number does', async () => {
    const bot = await makeBoundBot();
    const asked = await bot.sendAs('evil', '张敏', '#绑定 东城');
    for (const approver of ['管理员', '王科长'])
      expect(told(asked, approver)).toEqual([
        expect.stringMatching(
          /^【绑定申请 1】张敏 申请绑定：东城司法所[\s\S]*注意：.*与现有成员“张敏”（东城司法所）同名/,
        ),
      ]);
    const reply = await bot.say('管理员', '#批准 张敏', null);
    expect(reply).toMatch(/与现有成员同名.*用编号批准：#批准 1/);
    expect(bot.store.state.bindings.evil).toBeUndefined();
    // typing it in the group gives the same refusal, without the name
    expect(await bot.say('管理员', '#批准 张敏')).toMatch(/请用编号批准/);
    expect(bot.store.state.bindings.evil).toBeUndefined();
    // the approver who checked the person may still approve by number
    expect(await bot.say('管理员', '#批准 1', null)).toMatch(/^已批准：张敏 → 东城司法所（编号 1）/);
    expect(bot.store.state.bindings.evil?.unit).toBe('东城司法所');
    await bot.close();
  });

  test('a supervisor’s or an admin’s name, with spaces or full-width letters, is flagged too', async () => {
    const bot = await makeBoundBot();
    const asSupervisor = await bot.sendAs('evil', '王 科长', '#绑定 西城');
    expect(told(asSupervisor, '管理员')).toEqual([
      expect.stringMatching(/注意：.*与现有成员“王科长”（督导）同名/),
    ]);
    const asAdmin = await bot.sendAs('evil2', '管理员', '#绑定 南城');
    expect(told(asAdmin, '王科长')).toEqual([
      expect.stringMatching(/注意：.*与现有成员“管理员”（管理员）同名/),
    ]);
    // a name nobody holds is approved by name as before
    await bot.sendAs('xw', '小王', '#绑定 南城');
    expect(await bot.say('管理员', '#批准 小王', null)).toMatch(/^已批准：小王 → 南城司法所/);
    expect(await bot.say('管理员', '#批准 王 科长', null)).not.toMatch(/^已批准/);
    expect(bot.store.state.bindings.evil).toBeUndefined();
    await bot.close();
  });

  test('a member changing unit keeps their own name without a warning', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    const move = await bot.send('张敏', '#绑定 西城');
    expect(told(move, '管理员')).toEqual([expect.not.stringMatching(/同名/)]);
    await bot.close();
  });
});

describe('two requests under one name', () => {
  test('小王 asks for 东城, then someone else named 小王 asks for 管理员: the second notice says another request has that name', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('xw', '小王', '#绑定 东城');
    const second = await bot.sendAs('evil', '小王', '#绑定 管理员');
    // to an admin this must not read like 小王 changing their request (that notice says 取代编号 1)
    expect(told(second, '管理员')).toEqual([
      expect.stringMatching(
        /^【绑定申请 2】小王 申请绑定：管理员[\s\S]*注意：.*“小王”（申请 1：东城司法所）同名/,
      ),
    ]);
    expect(told(second, '管理员')[0]).not.toMatch(/取代编号/);
    // the supervisor sees only the unit request, yet by name it is not approved: two people use the name
    expect(await bot.say('王科长', '#批准 小王', null)).toMatch(/用编号批准：#批准 1/);
    expect(bot.store.state.bindings.xw).toBeUndefined();
    await bot.close();
  });
});

describe('a number typed in full width', () => {
  test('#批准 ２ (a phone’s full-width 2) approves request 2, never a requester whose display name is “２”', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('evil', '２', '#绑定 东城');
    await bot.sendAs('good', '小刘', '#绑定 西城');
    expect(await bot.say('管理员', '#批准 ２', null)).toMatch(/^已批准：小刘 → 西城司法所（编号 2）/);
    expect(bot.store.state.bindings.evil).toBeUndefined();
    expect(bot.store.state.requests.evil?.no).toBe(1);
    // and #拒绝 likewise takes a full-width number as the number
    await bot.sendAs('evil2', '1', '#绑定 南城');
    expect(await bot.say('管理员', '#拒绝 １', null)).toMatch(/^已拒绝：２ → 东城司法所（编号 1）/);
    expect(bot.store.state.requests.evil2?.no).toBe(3);
    await bot.close();
  });
});

describe('what the approver’s #批准 listing shows', () => {
  test('the private listing and its 批准 card flag a request under a member’s name', async () => {
    const bot = await makeBoundBot();
    await bot.sendAs('evil', '张敏', '#绑定 东城');
    await bot.sendAs('xw', '小王', '#绑定 西城');
    const [listing] = await bot.send('管理员', '#批准', null);
    const reply = listing?.reply as { text: string; cards?: { title: string; lines?: string[] }[] };
    const lines = reply.text.split('\n');
    expect(lines.find((l) => l.startsWith('1 '))).toMatch(
      /张敏 → 东城司法所.*与现有成员“张敏”（东城司法所）同名/,
    );
    expect(lines.find((l) => l.startsWith('2 '))).not.toMatch(/同名/);
    const [first, second] = reply.cards ?? [];
    expect(first?.lines?.join('\n')).toMatch(/与现有成员“张敏”（东城司法所）同名，请核实本人/);
    expect(second?.lines?.join('\n')).not.toMatch(/同名/);
    await bot.close();
  });
});

describe('a member’s name dressed up', () => {
  test('张敏. / ·张敏 / 张敏😀 / 张\u00ad敏 are flagged like 张敏', async () => {
    const bot = await makeBoundBot();
    for (const [i, dressed] of ['张敏.', '·张敏', '张敏😀', '张\u00ad敏', '【张敏】'].entries()) {
      const asked = await bot.sendAs(`evil${i}`, dressed, '#绑定 东城');
      expect(told(asked, '管理员')).toEqual([expect.stringMatching(/与现有成员“张敏”（东城司法所）[、同]/)]);
    }
    await bot.close();
  });
});

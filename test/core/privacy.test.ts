import { existsSync, statSync, utimesSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { fileRefusal, screenOutgoing } from '../../src/core/privacy.js';
import type { Outgoing } from '../../src/core/types.js';
import { KEY_TYPES } from '../../src/domain/catalog.js';
import { exportForm } from '../../src/reports/forms.js';
import { sensitiveTerms } from '../../src/views/sensitiveTerms.js';
import { cellsOf, fileOf, GROUP, makeBoundBot, type TestBot, tempDir, testCampaign } from '../kit/testBot.js';

/** A key person of 东城, registered in private by 张敏. */
function keyPerson(name: string, extra = ''): string {
  return `#重点人员\n姓名：${name}\n性别：男\n矫正类型：缓刑\n类型：患艾、涉毒\n罪名：贩卖毒品罪\n刑期：有期徒刑三年六个月\n矫正期限：2022-03-01至2024-02-29\n管控措施：每周走访${extra}`;
}

function hazard(situation: string): string {
  return `#隐患\n类别：二.5\n情况：${situation}\n措施：督促复查\n时限：9月5日\n状态：整改中`;
}

const IDEOGRAPHS = Array.from('建国华明强军伟平刚文');

/** What the group hears of a message sent there (a sender's own text may come back to them privately). */
async function groupHears(bot: TestBot, from: string, text: string): Promise<string> {
  return (await bot.send(from, text))
    .filter((o) => 'room' in o.to)
    .map((o) => ('text' in o.reply ? o.reply.text : `[file] ${o.reply.file}`))
    .join('\n');
}

async function seeded(): Promise<TestBot> {
  const bot = await makeBoundBot();
  await bot.say('张敏', keyPerson('刘建华'), null);
  return bot;
}

describe('guessing oracle: group replies are identical for right and wrong guesses', () => {
  test('unknown field names: 刘X华:1 for every X', async () => {
    const bot = await seeded();
    const replies = new Set<string>();
    for (const x of IDEOGRAPHS) replies.add(await groupHears(bot, '张敏', `${hazard('某事')}\n刘${x}华：1`));
    expect(replies.size).toBe(1);
    const [only] = [...replies];
    expect(only).toMatch(/字段名不认识.*可用字段/s);
    expect(only).not.toMatch(/刘.华|刘\*/);
    // In private, the bound member sees exactly what was wrong.
    expect(await bot.say('张敏', `${hazard('某事')}\n刘建华：1`, null)).toContain('“刘建华”');
    await bot.close();
  });

  test('unit names through #绑定, unknown commands, #帮助 names: by an unbound member', async () => {
    const bot = await seeded();
    for (const template of ['#绑定 刘X华', '#刘X华', '#帮助 刘X华', '#台账 刘X华']) {
      const group = new Set<string>();
      const privately = new Set<string>();
      for (const x of IDEOGRAPHS) {
        group.add(await bot.say('路人甲', template.replace('X', x)));
        privately.add(await bot.say('路人甲', template.replace('X', x), null));
      }
      expect({ template, n: group.size }).toEqual({ template, n: 1 });
      expect({ template, n: privately.size }).toEqual({ template, n: 1 });
    }
    expect(bot.store.state.bindings.路人甲).toBeUndefined();
    // A bound member in the group: figures and units shaped like a name come back the same too.
    for (const template of ['#走访 刘X华 3', '#台账 刘X华', '#修改 H1\n刘X华：1', '#隐患\n刘X华：1']) {
      const group = new Set<string>();
      for (const x of IDEOGRAPHS) group.add(await groupHears(bot, '张敏', template.replace('X', x)));
      expect({ template, n: group.size }).toEqual({ template, n: 1 });
    }
    await bot.close();
  });

  test('the crimes on a ledger cannot be probed with a wrong type either', async () => {
    const bot = await seeded();
    const replies = new Set<string>();
    for (const guess of ['贩卖毒品罪', '盗窃罪'])
      replies.add(
        await groupHears(bot, '张敏', keyPerson('某人').replace('类型：患艾、涉毒', `类型：${guess}`)),
      );
    expect(replies.size).toBe(1);
    // …and the refusal lists the valid types by name, so the message can be fixed in the group.
    for (const t of KEY_TYPES) expect([...replies][0]).toContain(t);
    await bot.close();
  });
});

describe('files: by the form, at the one outlet', () => {
  test("a supervisor's #导出 台账 in the group posts no file; 附件3 is the most a group gets", async () => {
    const bot = await seeded();
    await bot.say('张敏', hazard('王小明病情复查逾期未做'));
    const out = await bot.send('王科长', '#导出 台账');
    expect(out.every((o) => 'text' in o.reply)).toBe(true);
    const stats = await bot.send('王科长', '#统计');
    expect(stats.filter((o) => 'file' in o.reply)).toHaveLength(1);
    await bot.close();
  });

  test('the outlet goes by the form, not the file name; 附件1 to supervisors or the own unit only', async () => {
    const bot = await seeded();
    const { state } = bot.store;
    const campaign = bot.deps.campaign;
    const file = (form: 'hazards' | 'keyPersons' | 'statistics', unit?: string) => ({
      file: '/x/附件3-社区矫正隐患排查整治统计表.xlsx',
      form,
      ...(unit ? { unit } : {}),
    });
    const room = { room: GROUP };
    const who = (person: string) => ({ person });
    expect(fileRefusal(room, file('hazards'), state, campaign)).toMatch(/不发到群里/);
    expect(fileRefusal(room, file('keyPersons'), state, campaign)).toMatch(/不发到群里/);
    expect(fileRefusal(room, file('statistics'), state, campaign)).toBeNull();
    expect(fileRefusal(who('王科长'), file('keyPersons'), state, campaign)).toBeNull();
    expect(fileRefusal(who('张敏'), file('keyPersons', '东城司法所'), state, campaign)).toMatch(/督导/);
    expect(fileRefusal(who('张敏'), file('hazards', '东城司法所'), state, campaign)).toBeNull();
    expect(fileRefusal(who('张敏'), file('hazards', '西城司法所'), state, campaign)).not.toBeNull();
    expect(fileRefusal(who('张敏'), file('hazards'), state, campaign)).not.toBeNull();
    expect(fileRefusal(who('路人甲'), file('hazards', '东城司法所'), state, campaign)).not.toBeNull();
    const o: Outgoing = { to: room, reply: file('hazards'), at: 0 };
    expect('text' in screenOutgoing(o, state, campaign).reply).toBe(true);
    await bot.close();
  });
});

describe('partial strings: masked on whole names before any cutting', () => {
  test('#台账 and the 09:00 reminders: no "刘建…" beside "刘*华"', async () => {
    const bot = await seeded();
    await bot.say('张敏', hazard('东城社区矫正对象刘建华病情复查逾期未做，需督促'));
    const ledger = await bot.say('张敏', '#台账');
    expect(ledger).not.toContain('刘建');
    expect(ledger).toContain('刘*华');
    const reminders = await bot.advance('2022-09-06T09:30:00+08:00');
    const texts = reminders.map((o) => ('text' in o.reply ? o.reply.text : '')).join('\n');
    expect(texts).toMatch(/H1/);
    expect(texts).not.toContain('刘建');
    await bot.close();
  });

  test('#历史 of a hazard: values masked before they are cut', async () => {
    const bot = await seeded();
    await bot.say('张敏', hazard('有人反映情况待核实'));
    await bot.say('张敏', '#修改 H1\n情况：经查，社区矫正对象的情况已核实刘建华');
    await bot.say('张敏', '#修改 H1\n情况：已核实');
    const h = await bot.say('张敏', '#历史 H1');
    expect(h).not.toContain('刘建');
    await bot.close();
  });

  test('"马 强" stored, "马强" typed (and the other way round, full-width too)', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', keyPerson('马 强'), null);
    await bot.say('张敏', keyPerson('欧阳小明'), null);
    await bot.say('张敏', hazard('马强、欧阳　小明 未按时报到'));
    const ledger = await bot.say('张敏', '#台账');
    expect(ledger).not.toMatch(/马\s*强|欧阳/);
    expect(ledger).toContain('马*');
    await bot.close();
  });

  test('a former name after #修改 P1 姓名 stays masked; health terms too', async () => {
    const bot = await seeded();
    await bot.say('张敏', '#修改 P1\n姓名：刘剑华', null);
    await bot.say('张敏', hazard('刘建华（现名刘剑华）系艾滋病病毒感染者，贩卖毒品罪'));
    const ledger = await bot.say('张敏', '#台账');
    for (const s of ['刘建华', '刘剑华', '刘建', '刘剑', '艾滋', '贩卖毒品罪'])
      expect(ledger).not.toContain(s);
    const list = await bot.say('张敏', '#重点人员列表');
    expect(list).toContain('P1 刘*华');
    await bot.close();
  });
});

describe('former names survive a restart', () => {
  test('the matcher is rebuilt at start-up with the names found in the stored history', async () => {
    const dir = tempDir();
    const first = await makeBoundBot({ dir });
    await first.say('张敏', keyPerson('刘建华'), null);
    await first.say('张敏', '#修改 P1\n姓名：刘剑华', null);
    await first.close();
    const again = await makeBoundBot({ dir });
    await again.say('张敏', hazard('刘建华（现名刘剑华）未按时报到'));
    const ledger = await again.say('张敏', '#台账');
    expect(ledger).not.toMatch(/刘建|刘剑/);
    expect(ledger).toContain('刘*华');
    await again.close();
  });
});

describe('over-masking: the catalog and the members stay readable', () => {
  test('#帮助 重点人员 in the group shows the type names', async () => {
    const bot = await seeded();
    const help = await bot.say('张敏', '#帮助 重点人员');
    for (const t of KEY_TYPES) expect(help).toContain(t);
    await bot.close();
  });

  test('a caseworker named 李娜 stays 李娜 when a key person has that name', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', keyPerson('李娜'), null);
    expect(await bot.say('李娜', '#我')).toMatch(/^李娜：西城司法所/);
    expect(await bot.say('李娜', hazard('谈话记录不全'))).toMatch(/已登记 H1/);
    expect(await bot.say('李娜', '#台账')).toContain('李娜');
    await bot.close();
  });
});

describe('at rest: exports owner-only and not piling up', () => {
  test('under umask 022: the files folder is 0700, an export 0600; deleted once sent', async () => {
    const old = process.umask(0o022);
    try {
      const bot = await seeded();
      const out = await bot.send('王科长', '#导出 重点人员', null);
      // what the supervisor received is a copy; the bot's own export is gone once delivered
      const path = join(bot.deps.filesDir, basename(fileOf(out[1])));
      expect(existsSync(path)).toBe(false);
      expect(statSync(dirname(path)).mode & 0o777).toBe(0o700);
      const kept = await exportForm('keyPersons', bot.store.state, bot.deps.campaign, tempDir(), {
        reporter: 'x',
        now: bot.now(),
      });
      expect(statSync(kept).mode & 0o777).toBe(0o600);
      expect(statSync(dirname(kept)).mode & 0o777).toBe(0o700);
      await bot.close();
    } finally {
      process.umask(old);
    }
  });

  test('a retention set by the campaign keeps the file that long, then the sweep deletes it', async () => {
    const bot = await makeBoundBot({ campaign: testCampaign({ exportRetentionHours: 2 }) });
    await bot.say('张敏', keyPerson('刘建华'), null);
    const out = await bot.send('王科长', '#导出 重点人员', null);
    expect(await cellsOf(fileOf(out[1]))).toContain('刘建华');
    const path = join(bot.deps.filesDir, basename(fileOf(out[1])));
    bot.setNow('2022-08-05T10:30:00+08:00');
    await bot.bot.sweep(bot.now());
    expect(existsSync(path)).toBe(true);
    bot.setNow('2022-08-05T11:01:00+08:00');
    await bot.bot.sweep(bot.now());
    expect(existsSync(path)).toBe(false);
    await bot.close();
  });

  test('exports an earlier run left behind (a restart within the retention, a crash) are deleted by the sweep', async () => {
    const dir = tempDir();
    const first = await makeBoundBot({ dir, campaign: testCampaign({ exportRetentionHours: 2 }) });
    const out = await first.send('王科长', '#导出 统计', null);
    const path = join(first.deps.filesDir, basename(fileOf(out.find((o) => 'file' in o.reply))));
    // written at the bot's (virtual) time of the export
    utimesSync(path, new Date(first.now()), new Date(first.now()));
    await first.close();
    const again = await makeBoundBot({ dir, campaign: testCampaign({ exportRetentionHours: 2 }) });
    again.setNow('2022-08-05T10:30:00+08:00');
    await again.bot.sweep(again.now());
    expect(existsSync(path)).toBe(true);
    again.setNow('2022-08-05T11:01:00+08:00');
    await again.bot.sweep(again.now());
    expect(existsSync(path)).toBe(false);
    await again.close();
  });

  test('a refused file is deleted at once', async () => {
    const bot = await seeded();
    const path = await exportForm('hazards', bot.store.state, bot.deps.campaign, bot.deps.filesDir, {
      reporter: 'x',
      now: bot.now(),
    });
    const [screened] = bot.bot.outlet.screen([
      { to: { room: GROUP }, reply: { file: path, form: 'hazards' }, at: 0 },
    ]);
    expect(screened && 'text' in screened.reply).toBe(true);
    expect(existsSync(path)).toBe(false);
    await bot.close();
  });
});

describe('the matcher', () => {
  test('is updated in place when a key person changes, never rebuilt', async () => {
    const bot = await seeded();
    const before = sensitiveTerms(bot.store.state);
    const size = before.size;
    await bot.say('张敏', keyPerson('欧阳小明'), null);
    await bot.say('张敏', '#修改 P1\n姓名：刘剑华', null);
    await bot.say('张敏', '#走访 3');
    const after = sensitiveTerms(bot.store.state);
    expect(after).toBe(before);
    expect(after.size).toBe(size + 2);
    expect(await bot.say('张敏', hazard('欧阳小明与刘剑华'))).not.toMatch(/欧阳小明|刘剑华/);
    await bot.close();
  });
});

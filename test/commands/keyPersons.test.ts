import { describe, expect, test } from '@jest/globals';
import { KEY_TYPES } from '../../src/domain/catalog.js';
import { KEY_PERSON, makeBoundBot, snapshot } from '../kit/testBot.js';

/** Every group output must be free of a key person's full name, crime, sentence and any 6+9 type name. */
function assertNoLeak(text: string, secrets: string[]) {
  for (const s of [...secrets, ...KEY_TYPES]) expect(text).not.toContain(s);
}

describe('#重点人员', () => {
  test('in private chat: stored in full, full reply', async () => {
    const bot = await makeBoundBot();
    const reply = await bot.say('张敏', KEY_PERSON, null);
    expect(reply).toMatch(/^已登记 P1 刘某某（男，缓刑）\n类型：涉毒、经济有纠纷\n罪名：非法持有毒品罪/);
    expect(bot.store.state.keyPersons[0]).toMatchObject({
      id: 1,
      unit: '东城司法所',
      name: '刘某某',
      gender: '男',
      correctionType: '缓刑',
      types: ['涉毒', '经济有纠纷'],
      termStart: '2022-03-01',
      termEnd: '2024-02-29',
      owner: '张敏',
    });
    await bot.close();
  });

  test('in the group: the reply of commands.md, masked, no crime, no type names', async () => {
    const bot = await makeBoundBot();
    const reply = await bot.say('张敏', KEY_PERSON);
    expect(reply).toMatch(/^已登记 P1 刘\*某。/);
    assertNoLeak(reply, ['刘某某', '非法持有毒品罪', '有期徒刑一年']);
    await bot.close();
  });

  test('types in any separator; aliases; several types at once', async () => {
    const bot = await makeBoundBot();
    const text =
      '#重点人员\n姓名：韩梅\n性别：女\n矫正类型：暂予监外执行\n重点人员类型：身体有重病/患艾，生活无来源\n风险隐患：病情反复\n管控措施：每月病情复查';
    expect(await bot.say('张敏', text, null)).toMatch(/类型：身体有重病、患艾、生活无来源/);
    expect(await bot.say('张敏', '#重点人员列表', null)).toMatch(/P1 韩梅/);
    expect(await bot.say('张敏', '#重点人员列表')).toMatch(/P1 韩\* · 责任人张敏/);
    await bot.close();
  });

  test('refusals: missing fields, bad gender, type, correction type, term', async () => {
    const bot = await makeBoundBot();
    const before = snapshot(bot);
    const cases: [string, RegExp][] = [
      ['#重点人员\n姓名：刘某', /缺少必填项：性别、矫正类型、类型、管控措施/],
      [KEY_PERSON.replace('性别：男', '性别：未知'), /“性别”只能是：男、女/],
      [KEY_PERSON.replace('类型：涉毒、经济有纠纷', '类型：涉毒、爱打牌'), /不认识的重点人员类型：爱打牌/],
      [
        KEY_PERSON.replace('矫正类型：缓刑', '矫正类型：拘役'),
        /“矫正类型”只能是：管制、缓刑、假释、暂予监外执行/,
      ],
      [KEY_PERSON.replace('2022-03-01至2024-02-29', '2024-03-01至2022-02-28'), /“矫正期限”应为起止日期/],
      [KEY_PERSON.replace('2022-03-01至2024-02-29', '2022-02-30至2024-02-28'), /“矫正期限”应为起止日期/],
    ];
    for (const [text, message] of cases) expect(await bot.say('张敏', text, null)).toMatch(message);
    expect(snapshot(bot)).toBe(before);
    await bot.close();
  });

  test('the same person twice in one unit is caught and #修改 suggested; 确认 logs another person', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null);
    const before = snapshot(bot);
    expect(await bot.say('张敏', KEY_PERSON, null)).toMatch(
      /已登记过同一人 P1 \S+（同名、同矫正期限）.*#修改 P1/,
    );
    expect(snapshot(bot)).toBe(before);
    // another unit may have its own 刘某某
    expect(await bot.say('李娜', KEY_PERSON, null)).toMatch(/^已登记 P2/);
    expect(await bot.say('张敏', `${KEY_PERSON}\n确认：是`, null)).toMatch(/^已登记 P3/);
    await bot.close();
  });

  test("another unit's caseworker can neither read nor change a key person; a supervisor reads all in private", async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null);
    const before = snapshot(bot);
    expect(await bot.say('李娜', '#重点人员列表 P1', null)).toMatch(/P1 属于东城司法所/);
    expect(await bot.say('李娜', '#重点人员列表 东城', null)).toMatch(/只能查看本单位/);
    expect(await bot.say('李娜', '#修改 P1\n风险：无', null)).toMatch(/P1 属于东城司法所/);
    expect(await bot.say('李娜', '#删除 P1 错了', null)).toMatch(/P1 属于东城司法所/);
    expect(await bot.say('李娜', '#历史 P1', null)).toMatch(/P1 属于东城司法所/);
    expect(snapshot(bot)).toBe(before);
    expect(await bot.say('王科长', '#重点人员列表 东城', null)).toMatch(
      /刘某某（男，缓刑）[\s\S]*非法持有毒品罪/,
    );
    expect(await bot.say('王科长', '#重点人员列表 P1', null)).toMatch(/刘某某/);
    await bot.close();
  });

  test('#修改 P and #删除 P work; in the group the reply names fields, not values', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', KEY_PERSON, null);
    const group = await bot.say('张敏', '#修改 P1\n罪名：贩卖毒品罪\n类型：涉毒、患艾');
    expect(group).toMatch(/^已修改 P1 刘\*某：类型、罪名/);
    assertNoLeak(group, ['刘某某', '贩卖毒品罪']);
    expect(bot.store.state.keyPersons[0]?.crime).toBe('贩卖毒品罪');
    expect(await bot.say('张敏', '#历史 P1')).toMatch(/私聊/);
    expect(await bot.say('张敏', '#历史 P1', null)).toMatch(/罪名：非法持有毒品罪 → 贩卖毒品罪/);
    expect(await bot.say('张敏', '#删除 P1 已解除矫正')).toMatch(/已删除 P1/);
    expect(await bot.say('张敏', '#重点人员列表', null)).toMatch(/0 人/);
    await bot.close();
  });

  test('a long scripted run: no group output ever holds a full name, crime, sentence or type name', async () => {
    const bot = await makeBoundBot();
    const people = [
      ['欧阳小明', '故意伤害罪', '有期徒刑二年，缓刑三年', '性格有偏激、涉黑恶'],
      ['王建国', '非法持有枪支罪', '有期徒刑一年六个月', '涉枪爆'],
      ['李秀英', '诈骗罪', '管制一年', '精神有异常、情感有矛盾'],
      ['赵强', '组织利用邪教组织破坏法律实施罪', '有期徒刑三年', '涉邪教、政治重点人'],
    ] as const;
    const groupTexts: string[] = [];
    const run = async (from: string, text: string, room?: string | null) => {
      for (const o of await bot.send(from, text, room))
        if ('room' in o.to && 'text' in o.reply) groupTexts.push(o.reply.text);
    };
    for (const [name, crime, sentence, types] of people) {
      const text = `#重点人员\n姓名：${name}\n性别：男\n矫正类型：缓刑\n类型：${types}\n罪名：${crime}\n刑期：${sentence}\n矫正期限：2022.1.1-2023.12.31\n管控措施：每周走访`;
      await run('张敏', text); // carelessly sent in the group
      await run('张敏', text); // twice: the duplicate warning too
    }
    await run(
      '张敏',
      `#隐患\n类别：二.3\n情况：欧阳小明因故意伤害罪缓刑，近期情绪激动\n措施：每日谈话\n时限：9月1日`,
    );
    for (const cmd of [
      '#重点人员列表',
      '#重点人员列表 P1',
      '#修改 P2\n罪名：非法制造枪支罪',
      '#历史 P3',
      '#台账',
      '#统计',
      '#进度',
      '#删除 P4 错误',
    ])
      await run('张敏', cmd);
    await run('王科长', '#导出 重点人员');
    await run('王科长', '#重点人员列表 东城');
    bot.setNow('2022-08-31T09:00:00+08:00');
    for (const o of await bot.bot.remindersDue(bot.now()))
      if ('room' in o.to && 'text' in o.reply) groupTexts.push(o.reply.text);
    expect(groupTexts.length).toBeGreaterThanOrEqual(20);
    const all = groupTexts.join('\n');
    assertNoLeak(all, [...people.flat(), '非法制造枪支罪']);
    expect(all).toContain('欧**明');
    // The catalog's own words are never masked: help in the group lists every type by name.
    const help = await bot.say('张敏', '#帮助 重点人员');
    for (const t of KEY_TYPES) expect(help).toContain(t);
    for (const [name, crime] of people) expect(help).not.toMatch(new RegExp(`${name}|${crime}`));
    await bot.close();
  });
});

import { describe, expect, test } from '@jest/globals';
import { HAZARD, makeBoundBot, snapshot, type TestBot } from '../kit/testBot.js';

const minimal = (category: string, deadline = '9月5日') =>
  `#隐患\n类别：${category}\n情况：请假超时\n措施：约谈\n时限：${deadline}`;

async function expectRefused(
  bot: TestBot,
  from: string,
  text: string,
  message: RegExp,
  room?: string | null,
) {
  const before = snapshot(bot);
  const reply = await bot.say(from, text, room);
  expect(reply).toMatch(message);
  expect(snapshot(bot)).toBe(before);
  return reply;
}

describe('#隐患', () => {
  test('the template of commands.md logs H1 with the exact reply', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', HAZARD)).toBe(
      '已登记 H1（二.4 不假外出、审批不严和请假超时）· 整改中 · 时限 9月5日',
    );
    const h = bot.store.state.hazards[0];
    expect(h).toMatchObject({
      id: 1,
      unit: '东城司法所',
      category: '二.4',
      situation: '社区矫正对象刘某请假到期后超时2天未销假',
      measure: '约谈训诫，每日电话核查',
      department: '东城司法所',
      owner: '张敏',
      deadline: '2022-09-05',
      status: '整改中',
      createdBy: '张敏',
    });
    await bot.close();
  });

  test('defaults: 责任部门 my unit, 责任人 me, 状态 未整改; field aliases work', async () => {
    const bot = await makeBoundBot();
    await bot.say(
      '李娜',
      '#隐患\n风险隐患类别：三.5\n风险隐患基本情况：困难对象未落实低保\n整改措施：协调民政\n完成时限：2022/9/1',
    );
    expect(bot.store.state.hazards[0]).toMatchObject({
      unit: '西城司法所',
      department: '西城司法所',
      owner: '李娜',
      status: '未整改',
      deadline: '2022-09-01',
    });
    await bot.close();
  });

  test.each([
    ['二.4', '二.4'],
    ['2-4', '二.4'],
    ['二4', '二.4'],
    ['2.4', '二.4'],
    ['不假外出', '二.4'],
    ['1-1', '一.1'],
  ])('category typed as %s', async (typed, code) => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', minimal(typed))).toMatch(
      new RegExp(`已登记 H1（${code.replace('.', '\\.')} `),
    );
    await bot.close();
  });

  test.each([
    ['2022-09-06', '9月6日'],
    ['2022/9/6', '9月6日'],
    ['9月6日', '9月6日'],
    ['9月6号', '9月6日'],
    ['9.6', '9月6日'],
    ['9-6', '9月6日'],
  ])('deadline typed as %s', async (typed, shown) => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', minimal('二.4', typed))).toMatch(new RegExp(`时限 ${shown}$`));
    await bot.close();
  });

  test('refusals change nothing and take no id', async () => {
    const bot = await makeBoundBot();
    await expectRefused(bot, '张敏', '#隐患\n类别：二.4\n情况：x', /缺少必填项：措施/);
    await expectRefused(bot, '张敏', '#隐患\n类别：二.4\n情况：x\n措施：y', /必须写“时限”/);
    // In the group the refusal names what is wrong without quoting it; in private it quotes it.
    await expectRefused(bot, '张敏', minimal('量子纠缠'), /没有找到所写的类别.*可选/s);
    const inGroup = (await bot.send('张敏', minimal('量子纠缠'))).filter((o) => 'room' in o.to);
    expect(inGroup.map((o) => ('text' in o.reply ? o.reply.text : '')).join('\n')).not.toContain('量子纠缠');
    expect(await bot.say('张敏', minimal('量子纠缠'), null)).toMatch(/没有找到类别“量子纠缠”.*可选/s);
    await expectRefused(bot, '张敏', minimal('不到位'), /对应多个类别/);
    await expectRefused(bot, '张敏', minimal('二.4', '9月31日'), /时限不是有效日期/);
    expect(await bot.say('张敏', minimal('二.4', '9月31日'), null)).toMatch(/时限“9月31日”不是有效日期/);
    await expectRefused(bot, '张敏', minimal('二.4', '8月1日'), /早于今天.*确认：是/);
    await expectRefused(bot, '张敏', minimal('二.4', '2022-12-01'), /晚于专项活动结束日/);
    await expectRefused(
      bot,
      '张敏',
      `${minimal('二.4')}\n状态：完成了`,
      /整改状态只能是：无法整改、未整改、整改中、已整改/,
    );
    await expectRefused(bot, '张敏', `${minimal('二.4')}\n状态：无法整改`, /要写明原因/);
    await expectRefused(bot, '张敏', `${minimal('二.4')}\n颜色：红`, /有 1 个字段名不认识.*可用字段：类别/);
    expect(await bot.say('张敏', `${minimal('二.4')}\n颜色：红`, null)).toMatch(/不认识的字段：“颜色”/);
    await expectRefused(bot, '张敏', `${minimal('二.4')}\n__proto__：x`, /字段名不认识/);
    await expectRefused(bot, '路人', minimal('二.4'), /还没有绑定单位/);
    await expectRefused(
      bot,
      '王科长',
      minimal('二.4'),
      /督导登记隐患不能省略单位：请加一行“单位：东城司法所”/,
    );
    // every refusal shows the template to copy (for a group message, to the sender privately)
    expect(await bot.say('张敏', '#隐患\n类别：二.4', null)).toContain('格式参考：\n#隐患\n类别：二.4');
    expect(await bot.say('张敏', '#隐患\n类别：二.4')).toContain('格式参考：\n#隐患\n类别：二.4');
    expect(await bot.say('张敏', '#整改 H9 搞定了')).toContain(
      '模板（示例内容，请逐行换成您自己的内容再发送）：\n#整改 H9',
    );
    expect(await bot.say('张敏', minimal('二.4'))).toMatch(/^已登记 H1（/);
    await bot.close();
  });

  test('a past deadline is accepted once confirmed; a closed hazard needs no deadline but a note', async () => {
    const bot = await makeBoundBot();
    expect(await bot.say('张敏', `${minimal('二.4', '8月1日')}\n确认：是`)).toMatch(/H1.*时限 8月1日/);
    expect(
      await bot.say(
        '张敏',
        '#隐患\n类别：一.4\n情况：预案未更新\n措施：修订预案\n状态：已整改\n说明：已修订并备案',
      ),
    ).toBe('已登记 H2（一.4 应急处置不力（应急处置制度、突发事件预案））· 已整改');
    await bot.close();
  });
});

describe('the closed loop', () => {
  test('未整改 → 整改中 → 已整改, each step kept with who and when', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('二.4'));
    bot.setNow('2022-08-06T10:00:00+08:00');
    expect(await bot.say('张敏', '#整改 H1 整改中')).toMatch(/^已更新 H1：未整改 → 整改中/);
    await expectRefused(bot, '张敏', '#整改 H1 已整改', /要写明做了什么/);
    bot.setNow('2022-08-08T16:30:00+08:00');
    expect(await bot.say('王科长', '#整改 h1 已整改 已约谈训诫并补办销假')).toMatch(
      /整改中 → 已整改（已约谈训诫并补办销假）/,
    );
    const history = await bot.say('张敏', '#历史 H1');
    expect(history).toBe(
      [
        'H1 的变更记录（3 项）：',
        '2022-08-05 09:00 张敏：登记（未整改）',
        '2022-08-06 10:00 张敏：状态 未整改 → 整改中',
        '2022-08-08 16:30 王科长：状态 整改中 → 已整改；说明：（空） → 已约谈训诫并补办销假',
        '核验：待督导核验',
      ].join('\n'),
    );
    await bot.close();
  });

  test('#整改 refusals: unknown id, no status, same status, 无法整改 without reason', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('二.4'));
    await expectRefused(bot, '张敏', '#整改 H9 整改中', /没有隐患 H9/);
    await expectRefused(bot, '张敏', '#整改 H1', /请写上新的整改状态/);
    await expectRefused(bot, '张敏', '#整改 H1 未整改', /已经是“未整改”/);
    await expectRefused(bot, '张敏', '#整改 H1 无法整改', /要写明原因/);
    await expectRefused(bot, '张敏', '#整改 P1 整改中', /要的是 H 开头的编号/);
    expect(await bot.say('张敏', '#整改 1 无法整改 对象已死亡')).toMatch(/未整改 → 无法整改/);
    await bot.close();
  });

  test("another unit's hazard cannot be changed or read; a supervisor can", async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('二.4'));
    await expectRefused(bot, '李娜', '#整改 H1 整改中', /H1 属于东城司法所，您（西城司法所）不能/);
    await expectRefused(bot, '李娜', '#修改 H1\n措施：x', /属于东城司法所/);
    await expectRefused(bot, '李娜', '#删除 H1 重复', /属于东城司法所/);
    await expectRefused(bot, '李娜', '#历史 H1', /属于东城司法所/);
    await expectRefused(bot, '李娜', '#台账 东城', /只能查看本单位/);
    expect(await bot.say('王科长', '#修改 H1\n措施：每日电话核查')).toMatch(
      /已修改 H1：\n措施：约谈 → 每日电话核查/,
    );
    await bot.close();
  });

  test('#修改 edits fields, checks them like #隐患, and keeps the old values in the history', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('二.4'));
    expect(await bot.say('张敏', '#修改 H1\n时限：9月8日\n类别：2.6')).toBe(
      '已修改 H1：\n类别：二.4 → 二.6\n时限：9月5日 → 9月8日\nH1（二.6 对脱漏管、在逃社区矫正对象惩处不到位）· 未整改 · 时限 9月8日',
    );
    await expectRefused(bot, '张敏', '#修改 H1\n时限：9月8日', /没有需要修改的/);
    await expectRefused(bot, '张敏', '#修改 H1\n时限：9月32日', /不是有效日期/);
    await expectRefused(bot, '张敏', '#修改 H1', /要修改的字段/);
    await expectRefused(bot, '张敏', '#修改 1\n时限：9月9日', /要写明是隐患（H1）还是重点人员（P1）/);
    expect(await bot.say('张敏', '#历史 H1')).toContain('类别：二.4 → 二.6；时限：2022-09-05 → 2022-09-08');
    await bot.close();
  });

  test('#删除 needs a reason; the record leaves lists and counts but keeps its id and history', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('二.4'));
    await bot.say('张敏', minimal('二.5'));
    await expectRefused(bot, '张敏', '#删除 H1', /要写明原因/);
    expect(await bot.say('张敏', '#删除 H1 重复登记')).toMatch(/已删除 H1（原因：重复登记）/);
    await expectRefused(bot, '张敏', '#整改 H1 整改中', /已于 .* 删除/);
    expect(await bot.say('张敏', minimal('二.6'))).toMatch(/^已登记 H3/);
    const ledger = await bot.say('张敏', '#台账');
    expect(ledger).toMatch(/共 2 条/);
    expect(ledger).not.toMatch(/H1 /);
    expect(await bot.say('张敏', '#历史 H1')).toMatch(/删除：重复登记/);
    await bot.close();
  });
});

describe('#台账', () => {
  test('my unit, grouped by status, filtered by status; supervisors see any unit and all counts', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('二.4', '8月6日'));
    await bot.say('张敏', minimal('二.5'));
    await bot.say('张敏', '#整改 H2 整改中');
    await bot.say('李娜', minimal('三.1'));
    bot.setNow('2022-08-09T09:00:00+08:00');
    const mine = await bot.say('张敏', '#台账');
    expect(mine).toBe(
      [
        '东城司法所 隐患台账：共 2 条（无法整改0 未整改1 整改中1 已整改0）',
        '【未整改】1 条',
        'H1 二.4 请假超时 · 时限8月6日（逾期3天） · 张敏',
        '【整改中】1 条',
        'H2 二.5 请假超时 · 时限9月5日 · 张敏',
      ].join('\n'),
    );
    expect(await bot.say('张敏', '#台账 整改中')).not.toMatch(/H1/);
    expect(await bot.say('张敏', '#台账 已整改')).toMatch(/没有“已整改”的隐患/);
    expect(await bot.say('王科长', '#台账 西城')).toMatch(/西城司法所 隐患台账：共 1 条[\s\S]*H3 三\.1/);
    const all = await bot.say('王科长', '#台账 全部');
    expect(all).toMatch(/东城司法所：2 条（无法整改0 未整改1 整改中1 已整改0）/);
    expect(all).toMatch(/西城司法所：1 条/);
    expect(all).toMatch(/南城司法所：0 条/);
    await bot.close();
  });

  test('a long list is summarised with a count and how to see more', async () => {
    const bot = await makeBoundBot();
    for (let i = 0; i < 35; i++) await bot.say('张敏', `${minimal('二.4')}\n确认：是`);
    const text = await bot.say('张敏', '#台账');
    expect(text.split('\n').filter((l) => /^H\d+ /.test(l))).toHaveLength(30);
    expect(text).toMatch(/另有 5 条未列出/);
    await bot.close();
  });
});

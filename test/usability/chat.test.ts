import { afterEach, describe, expect, test } from '@jest/globals';
import { GROUP, HAZARD, makeBoundBot, type TestBot } from '../kit/testBot.js';

let bot: TestBot;
afterEach(async () => {
  await bot?.close();
});

describe('issue 18: dead ends and wrong results', () => {
  test('#整改 with its note on a 说明： line below is accepted (已整改 and 无法整改)', async () => {
    bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    await bot.say('张敏', HAZARD.replace('刘某', '王某'));
    expect(await bot.say('张敏', '#整改 H1 已整改\n说明：已约谈并补办销假')).toMatch(
      /^已更新 H1：整改中 → 已整改（已约谈并补办销假）/,
    );
    expect(await bot.say('张敏', '#整改 H2 无法整改\n说明：对象已收监')).toMatch(
      /^已更新 H2：整改中 → 无法整改/,
    );
    expect(bot.store.state.hazards[0]?.note).toBe('已约谈并补办销假');
  });

  test('a hazard logged as already 已整改 takes its 措施 as what was done', async () => {
    bot = await makeBoundBot();
    const reply = await bot.say(
      '张敏',
      HAZARD.replace('状态：整改中', '状态：已整改').replace(/时限：.*\n/, ''),
    );
    expect(reply).toMatch(/^已登记 H1/);
    expect(bot.store.state.hazards[0]?.note).toBe('约谈训诫，每日电话核查');
  });

  test('a supervisor logs a hazard for a unit with a 单位： line, and is told so when it is missing', async () => {
    bot = await makeBoundBot();
    const refused = await bot.say('王科长', HAZARD);
    expect(refused).toMatch(/请加一行“单位：东城司法所”/);
    expect(refused).not.toMatch(/绑定/);
    expect(await bot.say('王科长', HAZARD.replace('#隐患\n', '#隐患\n单位：西城\n'))).toMatch(/^已登记 H1/);
    expect(bot.store.state.hazards[0]).toMatchObject({ unit: '西城司法所', createdBy: '王科长' });
  });

  // TODO(after rebase): main now deletes an exported file once delivered; read it before that
  test('#台账 全部 未整改, #台账 逾期 and #导出 台账 东城 use their arguments', async () => {
    bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    await bot.say('李娜', HAZARD.replace('状态：整改中', '状态：未整改').replace('东城司法所', '西城司法所'));
    const all = await bot.say('王科长', '#台账 全部 未整改');
    expect(all).toMatch(/各单位“未整改”的隐患（共 1 条）：\n【西城司法所】1 条\nH2 /);
    expect(all).not.toMatch(/东城/);
    expect(await bot.say('王科长', '#台账 全部')).toMatch(
      /东城司法所：1 条（无法整改0 未整改0 整改中1 已整改0）/,
    );
    bot.setNow('2022-09-07T10:00:00+08:00');
    const late = await bot.say('张敏', '#台账 逾期');
    expect(late).toMatch(/^东城司法所 隐患台账/);
    expect(late).toMatch(/H1 .*逾期2天/);
    expect(await bot.say('王科长', '#台账 全部 逾期')).toMatch(/共 2 条/);
    const out = await bot.send('王科长', '#导出 台账 东城', null);
    expect(out[0] && 'text' in out[0].reply ? out[0].reply.text : '').toMatch(/（东城司法所）/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out[1] && 'file' in out[1].reply ? out[1].reply.file : '');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['东城司法所']);
  });
});

describe('issue 18: words people type', () => {
  test('#台帐, #上报 台帐, #重点人员 列表, #脱管 无, 已完成, Chinese numerals', async () => {
    bot = await makeBoundBot();
    await bot.say('张敏', HAZARD);
    expect(await bot.say('张敏', '#台帐')).toMatch(/^东城司法所 隐患台账：共 1 条/);
    expect(await bot.say('张敏', '#上报 台帐')).toMatch(/^已上报/);
    expect(await bot.say('张敏', '#重点人员 列表', null)).not.toMatch(/缺少|模板/);
    expect(await bot.say('张敏', '#脱管 无')).toBe('已登记 东城司法所 脱管：0 人（现值）');
    expect(await bot.say('张敏', '#应收未收 无')).toBe('已登记 东城司法所 应收未收：0 人（现值）');
    expect(await bot.say('张敏', '#整改 H1 已完成 已补办销假')).toMatch(/整改中 → 已整改/);
    await bot.say('张敏', `${HAZARD}\n确认：是`); // the same hazard again: a duplicate unless confirmed
    expect(await bot.say('张敏', '#整改 H2 整改完成 已补办')).toMatch(/整改中 → 已整改/);
    expect(await bot.say('张敏', '#走访 五')).toMatch(/走访 \+5，累计 5 人次/);
    expect(await bot.say('张敏', '#走访 十二 教育 二十')).toMatch(/走访 \+12，累计 17 人次；教育 \+20/);
  });

  test('类别 二.1 without a colon is named, and one-line #修改 works', async () => {
    bot = await makeBoundBot();
    const r = await bot.say('张敏', HAZARD.replace('类别：二.4', '类别 二.1'));
    expect(r).toMatch(/“类别”后面少了冒号，请写成“类别：……”/);
    expect(bot.store.state.hazards).toHaveLength(0);
    await bot.say('张敏', HAZARD);
    expect(await bot.say('张敏', '#修改 H1 时限：9月21日')).toMatch(/时限：9月5日 → 9月21日/);
  });

  test('@机器人 with a free description gets a draft #隐患 with the category guessed and 情况 filled', async () => {
    bot = await makeBoundBot();
    const out = await bot.mention('张敏', '东城所新发现一个隐患：对象刘某请假超期2天未销假');
    expect(out).toMatch(/#隐患\n类别：二\.4\n情况：对象刘某请假超期2天未销假\n措施：\n时限：/);
    expect(out).not.toMatch(/没看懂/);
  });
});

describe('issue 18: wording', () => {
  test('#我 when unbound says it once; #提醒计划 says how many more', async () => {
    bot = await makeBoundBot();
    const me = await bot.say('赵六', '#我');
    expect(me.match(/未绑定/g)).toHaveLength(1);
    bot.setNow('2022-08-01T07:00:00+08:00');
    expect(await bot.say('王科长', '#提醒计划', null)).toMatch(
      /……另有 \d+ 条（最后一条 2022-09-30 .*），到时再发送 #提醒计划/,
    );
  });

  test('an unknown command is quoted as typed (in a private chat), cut with …', async () => {
    bot = await makeBoundBot();
    expect(await bot.say('张敏', '#东城所新发现一个隐患：对象刘某请假超期2天未销假', null)).toMatch(
      /没有“#东城所新发现一个隐患：对象刘某请假超期2…”这个命令/,
    );
  });
});

// GROUP is the room every say() above goes to unless null is given
void GROUP;

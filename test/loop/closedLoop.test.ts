import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { STATUSES } from '../../src/domain/catalog.js';
import {
  fileOf,
  GROUP,
  HAZARD,
  makeBoundBot,
  snapshot,
  type TestBot,
  tempDir,
  textOf,
} from '../kit/testBot.js';

const minimal = (situation: string, deadline = '8月7日') =>
  `#隐患\n类别：二.4\n情况：${situation}\n措施：约谈\n时限：${deadline}`;

async function sheetOf(file: string, name?: string): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = name ? wb.getWorksheet(name) : wb.worksheets[0];
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The replies a refused command got, and proof that nothing changed. */
async function refused(bot: TestBot, from: string, text: string, why: RegExp, room?: string | null) {
  const before = snapshot(bot);
  expect(await bot.say(from, text, room)).toMatch(why);
  expect(snapshot(bot)).toBe(before);
}

describe('重大风险隐患', () => {
  test('reaches every supervisor privately in the same minute, is marked in lists and in 附件1, and #修改 can mark it', async () => {
    const bot = await makeBoundBot({
      campaign: (await import('../kit/testBot.js')).testCampaign({ supervisors: ['王科长', '刘局'] }),
    });
    const out = await bot.send('张敏', `${HAZARD}\n重大：是`);
    expect(textOf(out[0])).toMatch(/^已登记 【重大】H1（二\.4 .*已即时报告区社区矫正管理局/s);
    expect(out[0]?.to).toEqual({ room: GROUP });
    const told = out.slice(1);
    expect(told.map((o) => o.to)).toEqual([{ person: '王科长' }, { person: '刘局' }]);
    for (const o of told) {
      expect(o.at).toBe(bot.now()); // not at the next sweep
      expect(textOf(o)).toMatch(/^【重大风险隐患】东城司法所 张敏 报告：\n【重大】H1/);
      expect(textOf(o)).toContain('情况：社区矫正对象刘某请假到期后超时2天未销假');
    }
    expect(bot.store.state.hazards[0]?.major).toBe(true);

    // an ordinary one, marked 重大 later
    expect(await bot.say('张敏', minimal('请假超时'))).toMatch(/^已登记 H2/);
    const edited = await bot.send('张敏', '#修改 H2\n重大：是');
    expect(edited.map((o) => o.to)).toEqual([{ room: GROUP }, { person: '王科长' }, { person: '刘局' }]);
    expect(await bot.say('张敏', '#历史 H2')).toMatch(/标为重大风险隐患/);
    await refused(bot, '张敏', '#修改 H2\n重大：也许', /“重大”只能写“是”或“否”/);
    const list = await bot.say('张敏', '#台账');
    expect(list).toMatch(/^【重大】H1 /m);
    expect(list).toMatch(/^【重大】H2 /m);

    const file = fileOf((await bot.send('王科长', '#导出 台账', null))[1]);
    const ws = await sheetOf(file, '东城司法所');
    expect(ws.getRow(4).values).toEqual([
      undefined,
      '序号',
      '风险隐患类别',
      '风险隐患基本情况',
      '整改措施',
      '责任部门',
      '责任人',
      '完成时限',
      '整改状态',
    ]);
    expect(ws.getRow(5).getCell(1).value).toBe('1\n（重大）');
    expect(ws.getRow(5).getCell(8).value).toBe('整改中');
    await bot.close();
  });

  test("a 重大 hazard's deadline reminder goes to the supervisors too; an ordinary one only to its group", async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', `${minimal('请假超时')}\n重大：是`);
    await bot.say('李娜', minimal('走访不到位'));
    const out = await bot.advance('2022-08-06T09:00:00+08:00');
    const toWang = out.filter((o) => 'person' in o.to && o.to.person === '王科长');
    expect(toWang.map(textOf).join('\n')).toMatch(
      /【重大隐患整改提醒】[\s\S]*东城司法所 【重大】H1 .*明天到期/,
    );
    expect(toWang.map(textOf).join('\n')).not.toMatch(/H2 /);
    expect(
      out
        .filter((o) => 'room' in o.to)
        .map(textOf)
        .join('\n'),
    ).toMatch(/【整改提醒】[\s\S]*H2 /);
    await bot.close();
  });
});

describe('verification (整改不彻底不销账)', () => {
  test('a closure awaits a supervisor; 退回 reopens it and tells the unit in its group; 通过 is 销账; history shows each step', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('请假超时'));
    await bot.say('张敏', minimal('台账不全', '8月9日'));
    expect(await bot.say('张敏', '#整改 H1 已整改 已约谈训诫')).toMatch(/待督导核验后销账/);
    expect(await bot.say('王科长', '#待核验', null)).toMatch(
      /^待核验 1 条（1 个单位）：\n【东城司法所】1 条\nH1 .* · 已整改：已约谈训诫/,
    );
    expect(await bot.say('张敏', '#进度')).toMatch(/待督导核验（销账）：1 条/);
    expect(await bot.say('张敏', '#统计')).toMatch(/待督导核验：1 条/);

    await refused(bot, '张敏', '#核验 H1 通过', /仅限督导/);
    await refused(bot, '王科长', '#核验 H2 通过', /H2 现为“未整改”.*才能核验/);
    await refused(bot, '王科长', '#核验 H1 退回', /退回要写明原因/);
    await refused(bot, '王科长', '#核验 H1 看看', /请写“通过”或“退回 原因”/);
    await refused(bot, '王科长', '#核验 H9 通过', /没有隐患 H9/);

    bot.setNow('2022-08-06T10:00:00+08:00');
    const back = await bot.send('王科长', '#核验 H1 退回 未见销假记录', null);
    expect(textOf(back[0])).toMatch(/^已退回 H1（东城司法所）：重回“整改中”，原因：未见销假记录/);
    expect(back[0]?.to).toEqual({ person: '王科长' });
    expect(back[1]?.to).toEqual({ room: GROUP });
    expect(textOf(back[1])).toMatch(
      /^【核验退回】H1（东城司法所）“已整改”未通过核验，已退回为“整改中”。\n原因：未见销假记录/,
    );
    expect(back[1]?.reply).toMatchObject({ mentions: ['张敏'] });
    expect(bot.store.state.hazards[0]?.status).toBe('整改中');
    expect(await bot.say('王科长', '#待核验', null)).toMatch(/没有待核验的隐患/);
    expect(await bot.say('张敏', '#台账 整改中')).toMatch(/H1 /);

    bot.setNow('2022-08-07T10:00:00+08:00');
    await bot.say('张敏', '#整改 H1 已整改 已补办销假');
    const pass = await bot.say('王科长', '#核验 h1 通过');
    expect(pass).toBe('已核验 H1（东城司法所，已整改）：通过，已销账。');
    await refused(bot, '王科长', '#核验 H1 通过', /已于 2022-08-07 10:00 由 王科长 核验销账/);
    expect(await bot.say('张敏', '#台账')).toMatch(/H1 .*（已销账）/);
    const history = await bot.say('张敏', '#历史 H1');
    expect(history).toMatch(/2022-08-06 10:00 王科长：核验退回（已整改 → 整改中）：未见销假记录/);
    expect(history).toMatch(/2022-08-07 10:00 王科长：核验通过，销账（已整改）/);
    expect(history).toMatch(/核验：已销账（王科长，2022-08-07 10:00）$/);

    // 附件1 keeps the four official statuses; the verification is a note beside them
    const file = fileOf((await bot.send('王科长', '#导出 台账 东城', null))[1]);
    const ws = await sheetOf(file);
    expect(ws.name).toBe('东城司法所');
    expect([5, 6].map((r) => ws.getRow(r).getCell(8).value)).toEqual(['已整改', '未整改']);
    for (const r of [5, 6]) expect(STATUSES).toContain(ws.getRow(r).getCell(8).value);
    const notes = [7, 8, 9, 10, 11, 12].map((r) => String(ws.getRow(r).getCell(1).value ?? ''));
    expect(notes).toContain('核验情况：经区社区矫正管理局核验销账 1 条（序号1）。');
    await bot.close();
  });
});

describe('evidence (佐证材料)', () => {
  test('a file right after #整改 is kept with the hazard (0600), listed in #历史, sent privately on #佐证', async () => {
    const bot = await makeBoundBot();
    const photo = join(tempDir(), '销假单.jpg');
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]);
    writeFileSync(photo, bytes);
    await bot.say('张敏', minimal('请假超时'));
    // a photo with no #整改 before it: chatter in a group, explained in private
    expect(await bot.attach('李娜', photo)).toEqual([]);
    expect(textOf((await bot.attach('李娜', photo, null))[0])).toMatch(/佐证材料要在发送 #整改/);
    expect(bot.store.state.hazards[0]?.evidence).toBeUndefined();

    await bot.say('张敏', '#整改 H1 已整改 已补办销假');
    bot.setNow('2022-08-05T09:05:00+08:00');
    const kept = await bot.attach('张敏', photo);
    expect(textOf(kept[0])).toBe(
      '已保存 H1 的佐证材料：销假单.jpg（1 KB），共 1 份（每条隐患最多 20 份、合计 100 MB；#整改 后 10 分钟内发送）。',
    );
    const ev = bot.store.state.hazards[0]?.evidence?.[0];
    expect(ev).toMatchObject({ name: '销假单.jpg', size: bytes.length, by: '张敏' });
    const stored = join(bot.store.dir, ev?.file ?? '');
    expect(stored.startsWith(join(bot.store.dir, 'evidence'))).toBe(true);
    expect(readFileSync(stored)).toEqual(bytes);
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    // a second photo right after the first belongs to the same hazard
    expect(textOf((await bot.attach('张敏', photo))[0])).toMatch(/共 2 份/);
    // someone else's photo does not attach to 张敏's hazard
    expect(await bot.attach('李娜', photo)).toEqual([]);

    expect(await bot.say('张敏', '#历史 H1')).toMatch(
      /张敏：佐证材料：销假单\.jpg[\s\S]*佐证材料 2 份：销假单\.jpg、销假单\.jpg（#佐证 H1 私聊获取）/,
    );

    const asked = await bot.send('王科长', '#佐证 H1');
    expect(textOf(asked[0])).toBe('H1 的 2 份佐证材料已私聊发给您。');
    expect(asked[0]?.to).toEqual({ room: GROUP });
    const priv = asked.slice(1);
    expect(priv.every((o) => 'person' in o.to && o.to.person === '王科长')).toBe(true);
    const files = priv.filter((o) => 'file' in o.reply).map(fileOf);
    expect(files).toHaveLength(2);
    expect(readFileSync(files[0] as string)).toEqual(bytes);
    await refused(bot, '李娜', '#佐证 H1', /H1 属于东城司法所/);

    // 10 minutes later a photo is no longer evidence
    bot.setNow('2022-08-05T09:30:00+08:00');
    expect(await bot.attach('张敏', photo)).toEqual([]);
    expect(bot.store.state.hazards[0]?.evidence).toHaveLength(2);
    await bot.close();
  });
});

describe('#抽查', () => {
  test('draws N closed hazards across units, the same draw from the same data, recorded and shown later', async () => {
    const draw = async () => {
      const bot = await makeBoundBot();
      for (let i = 1; i <= 6; i++) {
        const who = i % 2 ? '张敏' : '李娜';
        await bot.say(who, minimal(`问题${i}`));
        if (i !== 3) await bot.say(who, `#整改 H${i} 已整改 处理${i}`);
      }
      return bot;
    };
    const a = await draw();
    await refused(a, '张敏', '#抽查 2', /仅限督导/);
    await refused(a, '王科长', '#抽查 0', /1 到 50 之间/);
    const text = await a.say('王科长', '#抽查 3', null);
    expect(text).toMatch(
      /^已抽查，结果已留档：\n.* 王科长 从 5 条已整改\/无法整改的隐患中抽取 3 条（种子 \d+）：/,
    );
    const ids = a.store.state.spotChecks?.[0]?.ids ?? [];
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(a.store.state.hazards[id - 1]?.status).toBe('已整改');
    expect(ids).not.toContain(3);
    expect(await a.say('王科长', '#抽查', null)).toContain(text.split('\n').slice(1).join('\n'));
    const b = await draw();
    await b.say('王科长', '#抽查 3', null);
    expect(b.store.state.spotChecks?.[0]?.ids).toEqual(ids);
    await a.close();
    await b.close();
  });
});

describe('duplicates are asked about, not stored', () => {
  test('the same hazard, key person, or figure message twice; 确认：是 stores it', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('请假超时'));
    await refused(bot, '张敏', minimal('请假超时', '8月9日'), /已登记过类别和情况都相同的 H1.*确认：是/s);
    expect(await bot.say('李娜', minimal('请假超时'))).toMatch(/^已登记 H2/); // another unit
    expect(await bot.say('张敏', `${minimal('请假超时')}\n确认：是`)).toMatch(/^已登记 H3/);

    const person = '#重点人员\n姓名：刘某某\n性别：男\n矫正类型：缓刑\n类型：涉毒\n管控措施：走访';
    await bot.say('张敏', person, null);
    await refused(bot, '张敏', person, /已登记过同一人 P1 \S+（同名、同性别）/, null);
    expect(await bot.say('张敏', person.replace('性别：男', '性别：女'), null)).toMatch(/^已登记 P2/);

    await bot.say('张敏', '#走访 5 教育 2');
    bot.setNow('2022-08-05T09:09:00+08:00');
    await refused(bot, '张敏', '#走访 5 教育 2', /10 分钟内已报过同样的数字（走访 5、教育 2）/);
    expect(await bot.say('李娜', '#走访 5 教育 2')).toMatch(/^已登记 西城司法所/);
    expect(await bot.say('张敏', '#走访 5 教育 2\n确认：是')).toMatch(/走访 \+5，累计 10 人次/);
    bot.setNow('2022-08-05T09:20:00+08:00');
    expect(await bot.say('张敏', '#走访 3')).toMatch(/累计 13 人次/);
    bot.setNow('2022-08-05T09:31:00+08:00');
    expect(await bot.say('张敏', '#走访 3')).toMatch(/累计 16 人次/);
    await bot.close();
  });
});

describe('#撤销', () => {
  test('restores the figures exactly, in #统计 and in 附件3; a submitted form shows 有更新; audited', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#走访 4');
    await bot.say('张敏', '#应收未收 0');
    await bot.say('张敏', '#脱管 0');
    await bot.say('张敏', '#定位 10 9');
    await bot.say('张敏', '#上报 统计');
    const exportRow = async () => {
      const file = fileOf((await bot.send('王科长', '#统计', null))[1]);
      const ws = await sheetOf(file);
      return (ws.getRow(6).values as unknown[]).slice(1);
    };
    const rowBefore = await exportRow();
    const statsBefore = await bot.say('张敏', '#统计');

    await bot.say('张敏', '#走访 7');
    expect(await bot.say('张敏', '#撤销')).toBe('已撤销：走访 +7（2022-08-05 09:00）。已记入历史。');
    await bot.say('张敏', '#定位 12 12');
    expect(await bot.say('张敏', '#撤销')).toMatch(/^已撤销：定位 12\/12/);
    expect(await bot.say('张敏', '#统计')).toBe(statsBefore);
    expect(await exportRow()).toEqual(rowBefore);
    expect(await bot.say('张敏', '#进度')).toMatch(/已上报（有更新）：东城/);
    expect((bot.store.changesSince(0) ?? []).filter((e) => e.type === 'undo').map((e) => e.by)).toEqual([
      '张敏',
      '张敏',
    ]);

    await refused(bot, '张敏', '#撤销', /上一项更改已经撤销了/);
    await refused(bot, '王科长', '#撤销', /没有可撤销的更改/);
    bot.setNow('2022-08-05T09:11:00+08:00');
    await bot.say('李娜', '#走访 2');
    bot.setNow('2022-08-05T09:22:00+08:00');
    await refused(bot, '李娜', '#撤销', /没有可撤销的更改（#撤销 撤回本人 10 分钟内的上一项更改）/);
    await bot.close();
  });

  test('undoes a hazard: its registration (it leaves the counts, keeps its id) and an edit', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('请假超时'));
    await bot.say('张敏', '#修改 H1\n措施：每日电话核查');
    expect(await bot.say('张敏', '#撤销')).toMatch(/^已撤销：修改 H1/);
    expect(bot.store.state.hazards[0]?.measure).toBe('约谈');
    await bot.say('张敏', minimal('台账不全'));
    expect(await bot.say('张敏', '#撤销')).toMatch(/^已撤销：登记 H2/);
    expect(await bot.say('张敏', '#台账')).toMatch(/共 1 条/);
    expect(await bot.say('张敏', minimal('另一条'))).toMatch(/^已登记 H3/);
    expect(await bot.say('张敏', '#历史 H2')).toMatch(/撤销第 \d+ 项更改/);
    // someone changed it after me: not undone
    await bot.say('张敏', '#整改 H3 整改中');
    await bot.say('王科长', '#修改 H3\n责任人：王五');
    await refused(bot, '张敏', '#撤销', /H3 之后又有改动，不能撤销/);
    await bot.close();
  });
});

describe('exports, #逾期, #类别', () => {
  test("a caseworker's #导出 is their own unit, privately; a supervisor can take one unit", async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('请假超时'));
    await bot.say('李娜', minimal('走访不到位'));
    const out = await bot.send('张敏', '#导出 台账');
    expect(textOf(out[0])).toBe('东城司法所 的附件1 隐患台账将私聊发给您。');
    const file = fileOf(out.find((o) => 'file' in o.reply));
    expect(
      out.filter((o) => 'file' in o.reply).every((o) => 'person' in o.to && o.to.person === '张敏'),
    ).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['东城司法所']);
    expect(wb.worksheets[0]?.getRow(5).getCell(3).value).toBe('请假超时');
    expect(wb.worksheets[0]?.getRow(6).getCell(3).value).not.toBe('走访不到位');
    await refused(bot, '张敏', '#导出 台账 西城', /只能导出本单位（东城司法所）/);

    const stats = await bot.send('张敏', '#导出 统计', null);
    const ws = await sheetOf(fileOf(stats[1]));
    expect(ws.getCell('A3').value).toBe('填报单位：东城司法所');
    expect(ws.getRow(6).getCell(1).value).toBe('东城司法所');
    expect(ws.getRow(6).getCell(3).value).toBe(1); // its 未整改 hazard: its own row, even before 上报
    expect(ws.getRow(7).getCell(1).value).toBe('合计（1个单位）');
    await bot.close();
  });

  test('#逾期 lists open hazards past or near their deadline, all units, by unit; #类别 the 24 categories', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', minimal('明天到期'));
    await bot.say('张敏', minimal('还早', '8月20日'));
    await bot.say('李娜', minimal('后天到期', '8月8日'));
    await bot.say(
      '李娜',
      '#隐患\n类别：二.4\n情况：已办\n措施：约谈\n时限：8月6日\n状态：已整改\n说明：完成',
    );
    bot.setNow('2022-08-07T10:00:00+08:00');
    // a caseworker sees their own unit's only
    expect(await bot.say('张敏', '#逾期', null)).not.toMatch(/西城|H3 /);
    const text = await bot.say('王科长', '#逾期', null);
    expect(text).toMatch(/未整改隐患 2 条/);
    expect(text).toMatch(/东城\S* H1 /);
    expect(text).toMatch(/西城\S* H3 /);
    expect(text).not.toMatch(/H2 |H4 /);
    bot.setNow('2022-08-09T10:00:00+08:00');
    expect(await bot.say('王科长', '#逾期', null)).toMatch(/逾期\d+天[\s\S]*逾期\d+天/);

    const cats = await bot.say('路人', '#类别');
    expect(cats.split('\n').filter((l) => /^[一二三]\.\d+ /.test(l))).toHaveLength(24);
    expect(cats).toContain('二.4 不假外出、审批不严和请假超时');
    await bot.close();
  });
});

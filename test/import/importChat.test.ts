import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { JOURNAL_FILE } from '../../src/store/Store.js';
import { makeBoundBot, snapshot, tempDir, textOf } from '../kit/testBot.js';
import { officeXlsx } from './ledgerFiles.js';

const texts = (out: { reply: object }[]) =>
  out.map((o) => ('text' in o.reply ? (o.reply as { text: string }).text : '[file]')).join('\n');

describe('#导入 of an office 附件1 (.xlsx)', () => {
  it('previews, stores all good rows in one change on 确认导入, shows file and row in #历史, and #撤销 takes the whole import back', async () => {
    const b = await makeBoundBot();
    const dir = tempDir();
    const path = await officeXlsx(dir, '东城台账.xlsx', [
      [1, '二.4', '对象王某请假超时未归', '电话督促返回', '东城司法所', '张敏', '2022年9月30日', '整改中'],
      [
        2,
        '2-6',
        '脱管人员惩处不到位',
        '依法提请警告',
        '东城司法所',
        '李强',
        new Date(Date.UTC(2022, 8, 15)),
        '未整改',
      ],
      [3, '不假外出', '对象外出未审批', '严格审批', '', '', 44834, '正在整改'],
      [],
      [4, '二.4', '时限写错的一行', '措施', '东城司法所', '张敏', '九月底', '未整改'],
    ]);
    const before = snapshot(b);
    const got = texts(await b.attach('张敏', path, null));
    expect(got).toContain('收到文件“东城台账.xlsx”');
    expect(snapshot(b)).toBe(before);
    const preview = texts(await b.send('张敏', '#导入', null));
    expect(preview).toContain('3 条可导入，1 条有问题（第 10 行：时限“九月底”不是有效日期');
    expect(preview).toContain('0 条与已登记的相同');
    expect(preview).toContain('二.4');
    expect(preview).toContain('时限 9月30日');
    expect(snapshot(b)).toBe(before);
    const seq = b.store.state.seq;
    const lines = () =>
      readFileSync(join(b.store.dir, JOURNAL_FILE), 'utf8').split('\n').filter(Boolean).length;
    const linesBefore = lines();
    const done = texts(await b.send('张敏', '确认导入', null));
    expect(done).toContain('已导入 3 条');
    expect(done).toContain('H1–H3');
    expect(b.store.state.seq).toBe(seq + 4); // three adds and the marker
    expect(lines()).toBe(linesBefore + 1); // written as one journal line: all or nothing
    const [h1, h2, h3] = b.store.state.hazards;
    expect(h1).toMatchObject({
      category: '二.4',
      deadline: '2022-09-30',
      status: '整改中',
      unit: '东城司法所',
    });
    expect(h2).toMatchObject({ category: '二.6', deadline: '2022-09-15', owner: '李强' });
    // serial 44834 is 2022-09-30; an empty 责任部门/责任人 defaults as in the chat
    expect(h3).toMatchObject({
      category: '二.4',
      deadline: '2022-09-30',
      department: '东城司法所',
      owner: '张敏',
      status: '整改中',
    });
    const hist = texts(await b.send('张敏', '#历史 H2', null));
    expect(hist).toContain('导入自文件“东城台账.xlsx”第 7 行（发送人 张敏）');
    const undone = texts(await b.send('张敏', '#撤销', null));
    expect(undone).toContain('已撤销：导入文件“东城台账.xlsx”的 3 条记录（H1–H3');
    expect(b.store.state.hazards.every((h) => h.withdrawn)).toBe(true);
    const again = texts(await b.send('张敏', '#撤销', null));
    expect(again).toContain('已经撤销');
    await b.close();
  });

  it('in a group, #导入 is refused without a word about the file', async () => {
    const b = await makeBoundBot();
    const before = snapshot(b);
    const out = await b.send('张敏', '#导入');
    expect(textOf(out[0])).toContain('只能在与机器人的私聊中使用');
    expect(snapshot(b)).toBe(before);
    await b.close();
  });
});

describe('#导入: whose preview it is', () => {
  it('only the sender confirms their preview (not someone showing their name), within 10 minutes; a supervisor names the unit', async () => {
    const b = await makeBoundBot();
    const path = await officeXlsx(
      tempDir(),
      'a.xlsx',
      [[1, '二.4', '情况', '措施', '', '', '2022-09-30', '未整改']],
      {
        unit: '',
      },
    );
    const before = snapshot(b);
    // a supervisor without a unit is asked for one; with 单位：, the preview is for that unit
    await b.attach('王科长', path, null);
    expect(texts(await b.send('王科长', '#导入', null))).toContain('督导导入台账要写明单位');
    await b.attach('王科长', path, null);
    expect(texts(await b.send('王科长', '#导入\n单位：南城', null))).toContain('导入到 南城司法所');
    // someone else, even under the supervisor's display name, has no preview to confirm
    expect(texts(await b.sendAs('张敏', '王科长', '确认导入', null))).toContain('没有待确认的导入');
    // ten minutes later the preview is gone
    b.setNow('2022-08-05T09:10:01+08:00');
    expect(texts(await b.send('王科长', '确认导入', null))).toContain('没有待确认的导入');
    expect(snapshot(b)).toBe(before);
    await b.attach('王科长', path, null);
    await b.send('王科长', '#导入\n单位：南城', null);
    expect(texts(await b.send('王科长', '确认导入', null))).toContain('已导入 1 条');
    expect(b.store.state.hazards[0]).toMatchObject({
      unit: '南城司法所',
      department: '南城司法所',
      owner: '王科长',
    });
    // a second 确认导入 stores nothing more
    expect(texts(await b.send('王科长', '确认导入', null))).toContain('没有待确认的导入');
    expect(b.store.state.hazards).toHaveLength(1);
    await b.close();
  });
});

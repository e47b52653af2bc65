import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { Bot } from '../../src/app/Bot.js';
import { Engine } from '../../src/app/Engine.js';
import { memoryLogger } from '../../src/app/logger.js';
import { Store } from '../../src/store/Store.js';
import { sendThroughWechaty, WechatyTransport } from '../../src/transports/wechatyTransport.js';
import { GROUP, tempDir, testCampaign } from '../kit/testBot.js';

const settle = () => new Promise((r) => setTimeout(r, 300));

/** A real Wechaty on the mock puppet, wired to a real engine and store; every person gets fresh ids. */
async function session(dataDir: string) {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const bot = WechatyBuilder.build({ puppet });
  const log = memoryLogger();
  const store = await Store.open(dataDir);
  const engine = new Engine({
    campaign: testCampaign(),
    store,
    clock: { now: Date.now },
    filesDir: join(dataDir, 'files'),
    log,
  });
  const app = new Bot(engine, new WechatyTransport(bot, log), log, {
    intervalMs: 0,
    attempts: 3,
    backoffMs: 1,
  });
  await app.start();
  const me = mocker.createContact({ name: '矫正助手' });
  mocker.login(me);
  const zhang = mocker.createContact({ name: '张敏' });
  const wang = mocker.createContact({ name: '王科长' });
  const other = mocker.createContact({ name: '路人甲' });
  const room = mocker.createRoom({ topic: GROUP, memberIdList: [me.id, zhang.id, wang.id] });
  const elsewhere = mocker.createRoom({ topic: '家长群', memberIdList: [me.id, other.id] });
  const said: { room: string; text: string; file: string | null; base64: string | null }[] = [];
  // a mock room is an EventEmitter at run time; its typings leave that out
  for (const [r, topic] of [
    [room, GROUP],
    [elsewhere, '家长群'],
  ] as const)
    (r as unknown as NodeJS.EventEmitter).on('message', (m: mock.MessageMock) => {
      if (m.talker().id !== me.id) return;
      const p = m.payload as { id: string; text?: string };
      // the mock keeps a sent FileBox, JSON-encoded, under the message id
      const box = mocker.cacheFileBoxPayload.get(p.id) as { name?: string; base64?: string } | undefined;
      said.push({ room: topic, text: p.text ?? '', file: box?.name ?? null, base64: box?.base64 ?? null });
    });
  return {
    bot,
    mocker,
    puppet,
    store,
    log,
    said,
    room,
    elsewhere,
    people: { me, zhang, wang, other },
    async stop() {
      await bot.stop();
      await store.close();
    },
  };
}

describe('the bot on the real Wechaty (puppet-mock)', () => {
  test('a member in the configured room binds; another room, chatter and a duplicate get nothing more', async () => {
    const dir = tempDir();
    const s = await session(dir);
    s.people.zhang.say('#绑定 东城司法所').to(s.room);
    await settle();
    expect(s.said).toEqual([{ room: GROUP, text: '已绑定：张敏 → 东城司法所', file: null, base64: null }]);

    s.people.other.say('#绑定 西城司法所').to(s.elsewhere);
    s.people.zhang.say('今天下午开会').to(s.room);
    await settle();
    expect(s.said).toHaveLength(1);
    expect(s.store.state.bindings.路人甲).toBeUndefined();

    // the same message delivered twice by the puppet
    s.people.zhang.say('#走访 5').to(s.room);
    await settle();
    const last = [...s.mocker.cacheMessagePayload.values()].filter((p) => p.text === '#走访 5').pop();
    s.puppet.emit('message', { messageId: last?.id ?? '' });
    await settle();
    expect(s.said.filter((x) => /走访 \+5/.test(x.text))).toHaveLength(1);
    expect(s.store.state.figures).toHaveLength(1);
    await s.stop();
  });

  test('a reminder that names people with @ writes each name once, and still @-mentions them', async () => {
    const s = await session(tempDir());
    const sent: { text: string; mentions: string[] }[] = [];
    type Send = (to: string, text: string, mentions?: string[]) => Promise<string | undefined>;
    const puppet = s.puppet as unknown as { messageSendText: Send };
    const original = puppet.messageSendText.bind(s.puppet);
    puppet.messageSendText = async (to, text, mentions) => {
      sent.push({ text, mentions: mentions ?? [] });
      return original(to, text, mentions);
    };
    await sendThroughWechaty(s.bot, {
      to: { room: GROUP },
      reply: { text: '【催报】尚未上报：东城司法所 @张敏', mentions: ['张敏'] },
      at: Date.now(),
    });
    expect(sent).toEqual([{ text: '【催报】尚未上报：东城司法所 @张敏', mentions: [s.people.zhang.id] }]);
    await s.stop();
  });

  test('a puppet error is logged, not thrown; the bot keeps answering', async () => {
    const s = await session(tempDir());
    s.puppet.emit('error', { data: 'puppet exploded' });
    await settle();
    s.people.zhang.say('#我').to(s.room);
    await settle();
    expect(s.log.lines.join('\n')).toMatch(/wechaty error: .*puppet exploded/);
    expect(s.said.map((x) => x.text)).toEqual([expect.stringMatching(/^张敏：未绑定/)]);
    await s.stop();
  });

  test('a supervisor gets the 附件3 file in the group as a FileBox named as in commands.md', async () => {
    const s = await session(tempDir());
    s.people.wang.say('#统计').to(s.room);
    await settle();
    expect(s.said[0]?.text).toMatch(/^社区矫正隐患排查整治专项活动统计/);
    expect(s.said[1]?.file).toMatch(/^附件3-社区矫正隐患排查整治统计表-\d{8}-\d{4}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(s.said[1]?.base64 ?? '', 'base64') as never);
    expect(wb.worksheets[0]?.getCell('A2').value).toBe('社区矫正隐患排查整治统计表');
    await s.stop();
  });

  test('identity churn: after a new login with new ids for everyone, bindings, roles and records still belong to the right people', async () => {
    const dir = tempDir();
    const first = await session(dir);
    first.people.zhang.say('#绑定 东城司法所').to(first.room);
    await settle();
    first.people.zhang
      .say('#隐患\n类别：二.4\n情况：请假超时\n措施：约谈\n时限：2022-09-30\n确认：是')
      .to(first.room);
    await settle();
    const oldId = first.people.zhang.id;
    await first.stop();

    const second = await session(dir);
    expect(second.people.zhang.id).not.toBe(oldId);
    second.people.zhang.say('#我').to(second.room);
    second.people.zhang.say('#整改 H1 整改中').to(second.room);
    second.people.wang.say('#我').to(second.room);
    await settle();
    // replies to different people may interleave; each person's own come in order
    const texts = second.said.map((x) => x.text);
    expect(texts).toHaveLength(3);
    expect(texts).toEqual(
      expect.arrayContaining([
        '张敏：东城司法所 · 司法所工作人员',
        expect.stringMatching(/^已更新 H1：未整改 → 整改中/),
        '王科长：全部单位 · 督导（区社区矫正管理局）',
      ]),
    );
    expect(second.store.state.hazards[0]?.status).toBe('整改中');
    expect(second.store.history('H1').at(-1)).toMatchObject({ by: '张敏', unit: '东城司法所' });
    await second.stop();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { FileBox } from 'file-box';
import { WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { Bot } from '../../src/app/Bot.js';
import { Engine } from '../../src/app/Engine.js';
import { memoryLogger } from '../../src/app/logger.js';
import { Store } from '../../src/store/Store.js';
import { sendThroughWechaty, WechatyTransport } from '../../src/transports/wechatyTransport.js';
import { GROUP, tempDir, testCampaign } from '../kit/testBot.js';

const settle = () => new Promise((r) => setTimeout(r, 300));
/** Waits until `ok()` holds (a loaded machine may take a while), failing after 20 s. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 100));
  expect(ok()).toBe(true);
}

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
    // replies waiting for the same group may share one message, each part addressed to its sender;
    // replies to different people may interleave; each person's own come in order
    const all = second.said.map((x) => x.text).join('\n\n');
    expect(all).toMatch(/张敏：东城司法所 · 司法所工作人员/);
    expect(all).toMatch(/已更新 H1：未整改 → 整改中/);
    expect(all).toMatch(/王科长：全部单位 · 督导（区社区矫正管理局）/);
    expect(all.indexOf('张敏：东城司法所')).toBeLessThan(all.indexOf('已更新 H1'));
    expect(second.store.state.hazards[0]?.status).toBe('整改中');
    expect(second.store.history('H1').at(-1)).toMatchObject({ by: '张敏', unit: '东城司法所' });
    await second.stop();
  });

  test('evidence round trip: a photo after #整改 is kept; a supervisor asking #佐证 privately gets the same bytes', async () => {
    const dir = tempDir();
    const s = await session(dir);
    // everything the bot says, in a room or privately, with the file it carried
    const out: { to: string; text: string; base64: string | null }[] = [];
    s.puppet.on('message', ({ messageId }: { messageId: string }) => {
      const p = s.mocker.cacheMessagePayload.get(messageId) as
        | { talkerId: string; roomId?: string; listenerId?: string; text?: string }
        | undefined;
      if (!p || p.talkerId !== s.people.me.id) return;
      const box = s.mocker.cacheFileBoxPayload.get(messageId) as { base64?: string } | undefined;
      out.push({ to: p.roomId ?? p.listenerId ?? '', text: p.text ?? '', base64: box?.base64 ?? null });
    });
    s.people.zhang.say('#绑定 东城司法所').to(s.room);
    await until(() => out.length === 1);
    s.people.zhang
      .say('#隐患\n类别：二.4\n情况：请假超时\n措施：约谈\n时限：2022-12-30\n确认：是')
      .to(s.room);
    await until(() => out.length === 2);
    s.people.zhang.say('#整改 H1 已整改 已补办销假').to(s.room);
    await until(() => out.length === 3);
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    s.people.zhang.say(FileBox.fromBase64(png.toString('base64'), '销假单.png')).to(s.room);
    await until(() => out.length === 4);
    expect(out.map((x) => x.text)).toContain('已保存 H1 的佐证材料：销假单.png（1 KB），共 1 份。');
    const kept = s.store.state.hazards[0]?.evidence?.[0];
    expect(kept).toMatchObject({ name: '销假单.png', size: png.length, by: '张敏' });
    expect(readFileSync(join(dir, kept?.file ?? ''))).toEqual(png);

    // someone else's photo in the group is chatter: no reply, nothing kept
    const before = out.length;
    s.people.wang.say(FileBox.fromBase64(png.toString('base64'), 'x.png')).to(s.room);
    await settle();
    expect(out).toHaveLength(before);

    s.people.wang.say('#佐证 H1').to(s.people.me);
    await until(() => out.filter((x) => x.to === s.people.wang.id).length === 2);
    // the photo in the group got nothing, late or not
    expect(out.slice(before).filter((x) => x.to === s.room.id)).toEqual([]);
    expect(s.store.state.hazards[0]?.evidence).toHaveLength(1);
    const toWang = out.slice(before).filter((x) => x.to === s.people.wang.id);
    expect(toWang.map((x) => x.text)[0]).toMatch(/^H1 的佐证材料 1 份：\n1\. 销假单\.png/);
    expect(toWang.find((x) => x.base64)?.base64).toBe(png.toString('base64'));
    await s.stop();
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { FileBox } from 'file-box';
import { WechatyBuilder } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { createBot } from '../../src/bot/createBot.js';
import { memoryLogger } from '../../src/bot/logger.js';
import { sendThroughWechaty, WechatyTransport } from '../../src/transports/wechatyTransport.js';
import { GROUP, KEY_PERSON, tempDir, testCampaign } from '../kit/testBot.js';

/** Waits until `ok()` holds (a loaded machine may take a while), failing after 30 s. */
async function until(ok: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ok()).toBe(true);
}

/** The admin's and the supervisor's remarks, written by the bot when they were approved earlier. */
const ADMIN_TAG = 'jz:00000000000000ad';
const WANG_TAG = 'jz:00000000000000a1';

/**
 * puppet-mock's contactAlias ignores a new remark and reads back 'mock alias'; WeChat keeps it on
 * the bot's account. This one keeps it in the mocker's contact payload, where Wechaty reads it.
 */
class RemarkKeepingPuppet extends PuppetMock {
  override contactAlias(contactId: string): Promise<string>;
  override contactAlias(contactId: string, alias: string | null): Promise<void>;
  // biome-ignore lint/suspicious/noConfusingVoidType: one body for the puppet's two overloads (read, write)
  override async contactAlias(contactId: string, alias?: string | null): Promise<string & void> {
    const payload = this.mocker.contactPayload(contactId) as { alias?: string };
    // biome-ignore lint/suspicious/noConfusingVoidType: as above
    if (alias === undefined) return (payload.alias ?? '') as string & void;
    this.mocker.contactPayload(contactId, { ...payload, alias: alias ?? '' } as never);
    return undefined as never;
  }
}

/** Group nicknames by contact id: puppet-mock leaves a member's 群昵称 out. */
const NICKNAMES = new Map<string, string>();

class NicknamePuppet extends RemarkKeepingPuppet {
  override async roomMemberRawPayload(roomId: string, contactId: string) {
    const raw = await super.roomMemberRawPayload(roomId, contactId);
    const nick = NICKNAMES.get(contactId);
    return nick ? { ...raw, roomAlias: nick } : raw;
  }
}

type Said = { to: string; text: string; file: string | null; base64: string | null };

/**
 * A real Wechaty on the mock puppet, wired to the real app and store; every person gets fresh ids
 * (a new login). `remarks` are what the bot's account still holds from before: name → remark.
 */
async function session(dataDir: string, remarks: Record<string, string> = {}) {
  const mocker = new mock.Mocker();
  const puppet = new NicknamePuppet({ mocker });
  const bot = WechatyBuilder.build({ puppet });
  const log = memoryLogger();
  const transport = new WechatyTransport(bot, log);
  const app = await createBot({
    campaign: testCampaign({ admins: [ADMIN_TAG], supervisors: [WANG_TAG] }),
    dataDir,
    filesDir: join(dataDir, 'files'),
    transport,
    clock: { now: Date.now },
    log,
    queue: { intervalMs: 0, attempts: 3, backoffMs: 1 },
  });
  const store = app.deps.store;
  const finished = new Set<string>();
  const receive = app.receive.bind(app);
  app.receive = async (m) => {
    try {
      await receive(m);
    } finally {
      const read = await m;
      if (read) finished.add(read.id);
    }
  };
  await app.start();
  const me = mocker.createContact({ name: '矫正助手' });
  mocker.login(me);
  const person = (name: string, key = name) =>
    mocker.createContact({ name, ...(remarks[key] ? { alias: remarks[key] } : {}) });
  const zhang = person('张敏');
  const wang = mocker.createContact({ name: '王科长', alias: WANG_TAG });
  const admin = mocker.createContact({ name: '刘管理', alias: ADMIN_TAG });
  const other = person('路人甲');
  // Every message a person sends (the mock emits it at once), and every one the bot has finished
  // with (its replies sent): `quiet()` waits until the two agree, with no guess at how long it takes.
  const sentToBot = new Set<string>();
  puppet.on('message', ({ messageId }: { messageId: string }) => {
    const p = mocker.cacheMessagePayload.get(messageId) as { talkerId?: string } | undefined;
    if (p && p.talkerId !== me.id) sentToBot.add(messageId);
  });
  const room = mocker.createRoom({ topic: GROUP, memberIdList: [me.id, zhang.id, wang.id, admin.id] });
  const elsewhere = mocker.createRoom({ topic: '家长群', memberIdList: [me.id, other.id] });
  const said: Said[] = [];
  const record = (where: string) => (m: mock.MessageMock) => {
    if (m.talker().id !== me.id) return;
    const p = m.payload as { id: string; text?: string };
    // the mock keeps a sent FileBox, JSON-encoded, under the message id
    const box = mocker.cacheFileBoxPayload.get(p.id) as { name?: string; base64?: string } | undefined;
    said.push({ to: where, text: p.text ?? '', file: box?.name ?? null, base64: box?.base64 ?? null });
  };
  // mock rooms and contacts are EventEmitters at run time; their typings leave that out
  const listen = (x: unknown, where: string) => (x as NodeJS.EventEmitter).on('message', record(where));
  listen(room, GROUP);
  listen(elsewhere, '家长群');
  const watch = (c: mock.ContactMock, label: string) => {
    listen(c, label);
    return c;
  };
  for (const [c, label] of [
    [zhang, '张敏'],
    [wang, '王科长'],
    [admin, '管理员'],
    [other, '路人甲'],
  ] as const)
    watch(c, label);
  return {
    bot,
    mocker,
    puppet,
    store,
    log,
    said,
    room,
    elsewhere,
    app,
    watch,
    /** Adds a contact to the work group, as when someone invites them. */
    join(contactId: string) {
      const payload = mocker.roomPayload(room.id) as { memberIdList: string[] };
      mocker.roomPayload(room.id, {
        ...payload,
        memberIdList: [...payload.memberIdList, contactId],
      } as never);
    },
    people: { me, zhang, wang, admin, other },
    /** Resolves once everything sent to the bot so far has been handled and answered. */
    async quiet() {
      await until(() => [...sentToBot].every((id) => finished.has(id)));
    },
    /** the remark the bot's account holds for a contact */
    remark: (c: mock.ContactMock) => (mocker.contactPayload(c.id) as { alias?: string }).alias ?? '',
    async stop() {
      await app.close();
    },
  };
}

/** Files a request for 张敏 in the group and has the admin approve it privately. */
async function bindZhang(s: Awaited<ReturnType<typeof session>>) {
  s.people.zhang.say('#绑定 东城司法所').to(s.room);
  await s.quiet();
  s.people.admin.say('#批准 张敏').to(s.people.me);
  await s.quiet();
}

describe('the bot on the real Wechaty (puppet-mock)', () => {
  test('a request in the configured room waits for the admin; another room, chatter and a duplicate get nothing more', async () => {
    const dir = tempDir();
    const s = await session(dir);
    s.people.zhang.say('#绑定 东城司法所').to(s.room);
    await s.quiet();
    // the bot wrote an opaque tag into 张敏's remark: that, not her name, is who she is from now on
    const tag = /jz:[0-9a-f]{16}/.exec(s.remark(s.people.zhang))?.[0] ?? '';
    expect(tag).not.toBe('');
    expect(s.said.map((x) => [x.to, x.text.slice(0, 12)])).toEqual([
      [GROUP, '已收到您的绑定申请（编号'],
      ['管理员', expect.stringMatching(/^【绑定申请 \d+】张敏/)],
      ['王科长', expect.stringMatching(/^【绑定申请 \d+】张敏/)],
    ]);
    s.people.zhang.say('#走访 5').to(s.room);
    await s.quiet();
    expect(s.said.at(-1)?.text).toMatch(/正在等待管理员或督导批准/);
    s.people.admin.say('#批准 张敏').to(s.people.me);
    await s.quiet();
    expect(s.said.slice(-2).map((x) => [x.to, x.text.slice(0, 9)])).toEqual([
      ['管理员', '已批准：张敏 → '],
      ['张敏', '您的绑定申请已批准'],
    ]);
    expect(s.store.state.bindings[tag]).toMatchObject({ unit: '东城司法所', by: ADMIN_TAG, name: '张敏' });

    const before = s.said.length;
    s.people.other.say('#绑定 西城司法所').to(s.elsewhere);
    s.people.zhang.say('今天下午开会').to(s.room);
    await s.quiet();
    expect(s.said).toHaveLength(before);

    // the same message delivered twice by the puppet
    s.people.zhang.say('#走访 5').to(s.room);
    await s.quiet();
    const last = [...s.mocker.cacheMessagePayload.values()].filter((p) => p.text === '#走访 5').pop();
    s.puppet.emit('message', { messageId: last?.id ?? '' });
    await s.quiet();
    expect(s.said.filter((x) => /走访 \+5/.test(x.text))).toHaveLength(1);
    expect(s.store.state.figures).toHaveLength(1);
    await s.stop();
  });

  test('a puppet error is logged, not thrown; the bot keeps answering', async () => {
    const s = await session(tempDir());
    s.puppet.emit('error', { data: 'puppet exploded' });
    await s.quiet();
    s.people.zhang.say('#我').to(s.room);
    await s.quiet();
    expect(s.log.lines.join('\n')).toMatch(/wechaty error: .*puppet exploded/);
    expect(s.said.map((x) => x.text)).toEqual([expect.stringMatching(/^您：未绑定/)]);
    await s.stop();
  });

  test('a supervisor gets the 附件3 file in the group as a FileBox named as in commands.md', async () => {
    const s = await session(tempDir());
    s.people.wang.say('#统计').to(s.room);
    await until(() => s.said.length >= 2);
    expect(s.said[0]?.text).toMatch(/^社区矫正隐患排查整治专项活动统计/);
    expect(s.said[1]?.file).toMatch(/^附件3-社区矫正隐患排查整治统计表-\d{8}-\d{4}\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(s.said[1]?.base64 ?? '', 'base64') as never);
    expect(wb.worksheets[0]?.getCell('A2').value).toBe('社区矫正隐患排查整治统计表');
    await s.stop();
  });

  test('#进度 图 goes to the group as a FileBox of a .png, which the puppets send as a picture', async () => {
    const s = await session(tempDir());
    s.people.wang.say('#进度 图').to(s.room);
    await until(() => s.said.length >= 2);
    expect(s.said[0]?.text).toBe('上报进度图：');
    expect(s.said[1]?.to).toBe(GROUP);
    expect(s.said[1]?.file).toMatch(/^图-各表上报进度-\d{8}-\d{4}\.png$/);
    const png = Buffer.from(s.said[1]?.base64 ?? '', 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    await s.stop();
  });

  test('renaming oneself to the supervisor (WeChat name or group nickname) gives no rights and no data', async () => {
    const s = await session(tempDir());
    await bindZhang(s);
    s.people.zhang.say(`${KEY_PERSON}`).to(s.people.me);
    await s.quiet();
    const fakeWang = s.watch(s.mocker.createContact({ name: '王科长' }), 'fake');
    const nick = s.watch(s.mocker.createContact({ name: '小刘' }), 'nick');
    const room = s.mocker.createRoom({
      topic: '临时群',
      memberIdList: [s.people.me.id, nick.id],
    });
    void room;
    const before = JSON.stringify(s.store.state);
    const start = s.said.length;
    // a contact named 王科长, in no work group, asks privately for 附件2
    fakeWang.say('#导出 重点人员').to(s.people.me);
    await s.quiet();
    // a group member whose nickname in the work group is 王科长
    s.join(nick.id);
    NICKNAMES.set(nick.id, '王科长');
    nick.say('#台账 全部').to(s.room);
    await s.quiet();
    nick.say('#导出 重点人员').to(s.people.me);
    await s.quiet();
    const out = s.said.slice(start);
    expect(out.every((x) => x.file === null)).toBe(true);
    expect(out.map((x) => x.text).join('\n')).not.toMatch(/刘某某|非法持有毒品/);
    expect(out.find((x) => x.to === 'fake')?.text).toMatch(/只为工作群成员服务/);
    expect(out.filter((x) => x.to === GROUP).map((x) => x.text)).toEqual([
      expect.stringMatching(/还没有绑定单位/),
    ]);
    expect(JSON.stringify(s.store.state)).toBe(before);
    await s.stop();
  });

  test('the admin’s tag written into one’s own WeChat name and group nickname is only a label: no rights, and a tag of one’s own', async () => {
    const s = await session(tempDir());
    const mallory = s.watch(s.mocker.createContact({ name: `刘管理 ${ADMIN_TAG}` }), 'mallory');
    NICKNAMES.set(mallory.id, ADMIN_TAG);
    s.join(mallory.id);
    mallory.say('#我').to(s.room);
    await s.quiet();
    mallory.say('#批准').to(s.people.me);
    await s.quiet();
    mallory.say('#绑定 管理员').to(s.room);
    await s.quiet();
    const said = s.said.filter((x) => x.to === GROUP || x.to === 'mallory').map((x) => x.text);
    expect(said[0]).toMatch(/^您：未绑定单位/);
    expect(said[1]).toMatch(/仅限管理员和督导/);
    expect(said[2]).toMatch(/^已收到您的绑定申请/);
    // the bot wrote a tag of her own into the remark it keeps; the one in her name counts for nothing
    const own = /jz:[0-9a-f]{16}/.exec(s.remark(mallory))?.[0];
    expect(own).toBeDefined();
    expect(own).not.toBe(ADMIN_TAG);
    expect(Object.keys(s.store.state.requests)).toEqual([own]);
    expect(s.store.state.roles).toEqual({});
    NICKNAMES.delete(mallory.id);
    await s.stop();
  });

  test('identity churn: after a new login (all ids new) the same person is recognised, a newcomer with her name is not', async () => {
    const dir = tempDir();
    const first = await session(dir);
    await bindZhang(first);
    first.people.zhang
      .say('#隐患\n类别：二.4\n情况：请假超时\n措施：约谈\n时限：2022-09-30\n确认：是')
      .to(first.room);
    await first.quiet();
    const remark = first.remark(first.people.zhang);
    const oldId = first.people.zhang.id;
    await first.stop();

    // WeChat kept the remark on the bot's account; every id is new
    const second = await session(dir, { 张敏: remark });
    expect(second.people.zhang.id).not.toBe(oldId);
    const newcomer = second.watch(second.mocker.createContact({ name: '张敏' }), 'newcomer');
    second.join(newcomer.id);
    second.people.zhang.say('#我').to(second.room);
    await second.quiet();
    second.people.zhang.say('#整改 H1 整改中').to(second.room);
    await second.quiet();
    second.people.wang.say('#我').to(second.room);
    await second.quiet();
    newcomer.say('#整改 H1 已整改 冒名').to(second.room);
    await second.quiet();
    expect(second.said.map((x) => x.text)).toEqual([
      '张敏：东城司法所 · 司法所工作人员',
      expect.stringMatching(/^已更新 H1：未整改 → 整改中/),
      '王科长：全部单位 · 督导（区社区矫正管理局）',
      expect.stringMatching(/还没有绑定单位/),
    ]);
    expect(second.store.state.hazards[0]?.status).toBe('整改中');
    expect(second.store.history('H1').at(-1)).toMatchObject({ by: remark, unit: '东城司法所' });
    await second.stop();
  });

  test('two contacts with one name: the approval notice reaches the one who asked, never the other', async () => {
    const s = await session(tempDir());
    const twin = s.watch(s.mocker.createContact({ name: '张敏' }), 'twin');
    s.join(twin.id);
    twin.say('#我').to(s.room);
    await s.quiet();
    await bindZhang(s);
    expect(s.said.filter((x) => x.to === 'twin')).toEqual([]);
    expect(s.said.filter((x) => x.to === '张敏').map((x) => x.text)).toEqual([
      expect.stringMatching(/^您的绑定申请已批准/),
    ]);
    await s.stop();
  });

  test('two contacts carrying one tag, or two rooms with one topic: sent to neither, the admin is told', async () => {
    const s = await session(tempDir());
    await bindZhang(s);
    const tag = /jz:[0-9a-f]{16}/.exec(s.remark(s.people.zhang))?.[0] ?? '';
    const copy = s.watch(s.mocker.createContact({ name: '张敏', alias: tag }), 'copy');
    void copy;
    const fake = s.mocker.createRoom({ topic: GROUP, memberIdList: [s.people.me.id, s.people.other.id] });
    (fake as unknown as NodeJS.EventEmitter).on('message', () =>
      s.said.push({ to: 'fake room', text: '', file: null, base64: null }),
    );
    const start = s.said.length;
    await s.app.outbox.push([
      { to: { person: tag }, reply: { text: '私人通知' }, at: Date.now() },
      { to: { room: GROUP }, reply: { text: '群提醒' }, at: Date.now() },
    ]);
    // the admins' notices are queued after the two refused sends
    await until(() => s.said.length >= start + 2);
    // a key nobody carries (a campaign-file name on Wechaty): given up at once, logged, nobody told
    const attemptsBefore = s.log.lines.length;
    await s.app.outbox.push([{ to: { person: '王科长' }, reply: { text: '提醒' }, at: Date.now() }]);
    expect(
      s.log.lines.slice(attemptsBefore).filter((l) => /no such recipient: no contact carries 王科长/.test(l)),
    ).toHaveLength(1);
    const out = s.said.slice(start);
    expect(out.filter((x) => x.to !== '管理员')).toEqual([]);
    expect(out.map((x) => x.text)).toEqual([
      expect.stringMatching(/^【未发送】2 个微信联系人.*带有同一身份标记/),
      expect.stringMatching(/^【未发送】有 2 个群都叫“达川区社区矫正工作群”/),
    ]);
    await s.stop();
  });

  test('one message at a time: two #绑定 sent together file exactly one request', async () => {
    const s = await session(tempDir());
    s.people.zhang.say('#绑定 东城司法所').to(s.room);
    s.people.zhang.say('#绑定 东城司法所').to(s.room);
    await s.quiet();
    await s.quiet();
    expect(Object.keys(s.store.state.requests)).toHaveLength(1);
    expect(s.said.filter((x) => x.to === GROUP).map((x) => x.text)).toEqual([
      expect.stringMatching(/^已收到您的绑定申请/),
      expect.stringMatching(/已在等待批准/),
    ]);
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

    // a second 张敏 in the room: the name is still written, but neither is notified by guess
    const twin = s.mocker.createContact({ name: '张敏' });
    s.join(twin.id);
    await sendThroughWechaty(s.bot, {
      to: { room: GROUP },
      reply: { text: '【催报】尚未上报：东城司法所 @张敏', mentions: ['张敏'] },
      at: Date.now(),
    });
    expect(sent.at(-1)).toEqual({ text: '【催报】尚未上报：东城司法所 @张敏', mentions: [] });
    await s.stop();
  });

  test('evidence round trip: a photo after #整改 is kept; a supervisor asking #佐证 privately gets the same bytes', async () => {
    const dir = tempDir();
    const s = await session(dir);
    await bindZhang(s);
    const tag = /jz:[0-9a-f]{16}/.exec(s.remark(s.people.zhang))?.[0] ?? '';
    s.people.zhang
      .say('#隐患\n类别：二.4\n情况：请假超时\n措施：约谈\n时限：2022-12-30\n确认：是')
      .to(s.room);
    s.people.zhang.say('#整改 H1 已整改 已补办销假').to(s.room);
    await s.quiet();
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    s.people.zhang.say(FileBox.fromBase64(png.toString('base64'), '销假单.png')).to(s.room);
    await s.quiet();
    expect(s.said.map((x) => x.text)).toContain(
      '已保存 H1 的佐证材料：销假单.png（1 KB），共 1 份（每条隐患最多 20 份、合计 100 MB；#整改 后 10 分钟内发送）。',
    );
    const kept = s.store.state.hazards[0]?.evidence?.[0];
    expect(kept).toMatchObject({ name: '销假单.png', size: png.length, by: tag });
    expect(readFileSync(join(dir, kept?.file ?? ''))).toEqual(png);

    // someone else's photo in the group is chatter: no reply, nothing kept
    const before = s.said.length;
    s.people.wang.say(FileBox.fromBase64(png.toString('base64'), 'x.png')).to(s.room);
    s.people.wang.say('#佐证 H1').to(s.people.me);
    await s.quiet();
    const after = s.said.slice(before);
    expect(after.filter((x) => x.to === GROUP)).toEqual([]);
    expect(s.store.state.hazards[0]?.evidence).toHaveLength(1);
    const toWang = after.filter((x) => x.to === '王科长');
    expect(toWang.map((x) => x.text)[0]).toMatch(/^H1 的佐证材料 1 份：\n1\. 销假单\.png/);
    expect(toWang.find((x) => x.base64)?.base64).toBe(png.toString('base64'));
    await s.stop();
  });
});

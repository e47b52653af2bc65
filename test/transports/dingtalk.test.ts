import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import { MAX_TEXT_BYTES } from '../../src/transports/dingtalk/DingtalkTransport.js';
import { StreamClient } from '../../src/transports/dingtalk/StreamClient.js';
import { DingtalkServer, textOf } from '../kit/dingtalkServer.js';
import { CID, type DingtalkSession, dingtalkSession } from '../kit/dingtalkSession.js';
import { GROUP, HAZARD, KEY_PERSON } from '../kit/testBot.js';

const open: (() => Promise<void>)[] = [];

/** Lets the event loop turn until `check` holds: waits on what happens, never on a fixed time. */
async function turnsUntil(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setImmediate(r));
}
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function session(
  opts: Parameters<typeof dingtalkSession>[1] = {},
  server?: DingtalkServer,
): Promise<DingtalkSession> {
  const srv = server ?? (await DingtalkServer.start());
  if (!server) open.push(() => srv.close());
  const s = await dingtalkSession(srv, opts);
  open.push(() => s.close());
  return s;
}

describe('钉钉 robot through our Stream client', () => {
  test('an @-message in the group logs a hazard; the reply goes into its sessionWebhook, and the callback was acknowledged at once', async () => {
    const s = await session();
    const from = s.server.sent.length;
    s.server.text('m1', 'zhangmin', HAZARD, CID);
    const reply = await s.next(from);
    expect(reply.via).toBe('webhook');
    expect(textOf(reply)).toMatch(/^已登记 H1/);
    expect(s.app.deps.store.state.hazards[0]?.unit).toBe('东城司法所');
    expect(s.server.pending).toBe(0);
    expect(s.server.acks).toHaveLength(1);
  });

  test('a private message is answered in the private chat; a key person is registered there', async () => {
    const s = await session();
    expect(await s.ask('p1', 'zhangmin', '#我')).toMatch(/^张敏：东城司法所/);
    expect(await s.ask('p2', 'zhangmin', KEY_PERSON)).toMatch(/^已登记 P1/);
    expect(s.app.deps.store.state.keyPersons.map((p) => p.name)).toEqual(['刘某某']);
  });

  test('a sender not on the roster, and one without a staff id, are refused and nothing changes', async () => {
    const s = await session();
    const before = JSON.stringify(s.app.deps.store.state);
    expect(await s.ask('x1', 'stranger', HAZARD, CID)).toMatch(/^您还没有绑定单位/);
    // someone outside the organisation (no senderStaffId) who calls himself 张敏
    const from = s.server.sent.length;
    s.server.callback(
      s.server.robotMessage(
        'x2',
        { dingtalkId: 'outsider', nick: '张敏' },
        { msgtype: 'text', text: { content: HAZARD } },
        CID,
      ),
    );
    expect(textOf(await s.next(from))).toMatch(/^您还没有绑定单位/);
    expect(JSON.stringify(s.app.deps.store.state)).toBe(before);
  });

  test('a group not configured: only #群号 from an admin is answered, with its conversationId', async () => {
    const s = await session();
    const other = 'cidNEWGROUP==';
    const from = s.server.sent.length;
    s.server.text('g1', 'zhangmin', '#群号', other);
    s.server.text('g2', 'admin01', '#进度', other);
    const reply = await s.ask('g3', 'admin01', '#群号', other);
    expect(reply).toContain(`本群群号：${other}`);
    expect(reply).toContain('尚未配置');
    expect(s.server.since(from)).toHaveLength(1);
    expect(await s.ask('g4', 'admin01', '#群号', CID)).toBe(`本群群号：${CID}（已配置为“${GROUP}”）`);
  });

  test('a reminder is pushed to the group through the OpenAPI at its time; a binding request reaches the admins privately', async () => {
    const s = await session();
    const from = s.server.sent.length;
    await s.clock.advance(Date.parse('2022-08-06T09:00:00+08:00'), s.app);
    const pushed = await s.next(from);
    expect(pushed).toMatchObject({ via: 'group', to: CID, msgKey: 'sampleText' });
    expect(textOf(pushed)).toMatch(/^【催报】附件2 重点人员台账 8月9日截止（还有3天）/);
    const at = s.server.sent.length;
    expect(await s.ask('b1', 'newbie', '#绑定 西城司法所', CID)).toMatch(/^已收到您的绑定申请/);
    await s.server.until(() => s.server.since(at).filter((m) => m.via === 'person').length === 2);
    expect(
      s.server
        .since(at)
        .filter((m) => m.via === 'person')
        .map((m) => m.to),
    ).toEqual(['admin01', 'wangke']);
  });

  test('a reminder that names people goes into a valid group sessionWebhook with at.atUserIds, so they are notified', async () => {
    const s = await session();
    await s.ask('w1', 'zhangmin', '#我', CID); // the group's session is now known
    const from = s.server.sent.length;
    await s.clock.advance(Date.parse('2022-08-06T09:00:00+08:00'), s.app);
    const sent = await s.next(from);
    expect(sent.via).toBe('webhook');
    expect(textOf(sent)).toContain('@张敏');
    expect(textOf(sent)).toContain('@李娜');
    // the roster's staff ids, never a display name someone chose
    expect(sent.atUserIds).toEqual(['zhangmin', 'lina']);
  });

  test('#统计 sends the .xlsx: media/upload, then a sampleFile to the asker', async () => {
    const s = await session();
    const from = s.server.sent.length;
    s.server.text('s1', 'wangke', '#统计');
    const file = await s.next(from, (m) => m.msgKey === 'sampleFile');
    expect(textOf(s.server.since(from)[0])).toMatch(/统计：合计 \d+ 个已上报单位（共 3 个）/);
    expect(file).toMatchObject({ via: 'person', to: 'wangke' });
    expect(file.param.fileType).toBe('xlsx');
    const uploaded = s.server.media.get(file.param.mediaId);
    expect(uploaded?.type).toBe('file');
    expect(uploaded?.filename).toMatch(/^附件3-社区矫正隐患排查整治统计表-.*\.xlsx$/);
    expect(file.param.fileName).toBe(uploaded?.filename);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(uploaded?.data as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getCell('A1').value).toBe('附件3');
  });

  test('a text over the limit goes out as several messages, nothing lost', async () => {
    const s = await session();
    const text = Array.from({ length: 400 }, (_, i) => `第${i + 1}行：东城司法所隐患整改情况说明`).join('\n');
    const from = s.server.sent.length;
    await s.transport.send({ to: { person: 'wangke' }, reply: { text }, at: s.clock.now() });
    const parts = s.server.since(from);
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts) expect(Buffer.byteLength(textOf(p) ?? '')).toBeLessThanOrEqual(MAX_TEXT_BYTES);
    expect(parts.map((p) => textOf(p)).join('\n')).toBe(text);
  });

  test('an expired sessionWebhook (by its time, or refused by 钉钉) falls back to the OpenAPI push', async () => {
    const s = await session();
    const from = s.server.sent.length;
    s.server.callback(
      s.server.robotMessage(
        'e1',
        { staffId: 'zhangmin' },
        { msgtype: 'text', text: { content: '#我' } },
        CID,
        s.clock.now() - 1,
      ),
    );
    expect(await s.next(from)).toMatchObject({ via: 'group', to: CID });
    s.server.expireWebhooks();
    const at = s.server.sent.length;
    s.server.text('e2', 'zhangmin', '#我');
    const pushed = await s.next(at);
    expect(pushed).toMatchObject({ via: 'person', to: 'zhangmin' });
    expect(textOf(pushed)).toMatch(/^张敏：东城司法所/);
    expect(s.logs.some((l) => l.includes('300001'))).toBe(true);
  });

  test('the access token is cached, and renewed once 钉钉 stops accepting it', async () => {
    const s = await session();
    const send = (text: string) =>
      s.transport.send({ to: { room: CID }, reply: { text }, at: s.clock.now() });
    await send('一');
    await send('二');
    expect(s.server.tokensIssued).toBe(1);
    s.server.expireTokens();
    await send('三');
    expect(s.server.tokensIssued).toBe(2);
    expect(s.server.sent.map((m) => textOf(m))).toEqual(['一', '二', '三']);
  });
});

describe('钉钉 attachments are bounded: nothing fetched unless kept, never past the cap', () => {
  const MB = 1024 * 1024;
  const picture = (s: DingtalkSession, msgId: string, staffId: string, downloadCode: string) =>
    s.server.callback(
      s.server.robotMessage(msgId, { staffId }, { msgtype: 'picture', content: { downloadCode } }),
    );

  test('a photo sent privately after #整改 is kept as evidence through messageFiles/download', async () => {
    const s = await session();
    await s.ask('h1', 'zhangmin', HAZARD, CID);
    expect(await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈并补办销假', CID)).toMatch(/^已更新 H1/);
    const photo = Buffer.from('销假单照片：本应是 JPEG 字节'.repeat(50));
    const from = s.server.sent.length;
    picture(s, 'e1', 'zhangmin', s.server.serveFile(photo));
    expect(textOf(await s.next(from))).toMatch(/^已保存 H1 的佐证材料：image\.jpg（\d+ KB），共 1 份（/);
    const kept = s.app.deps.store.state.hazards[0]?.evidence?.[0];
    expect(kept).toMatchObject({ size: photo.length, by: 'zhangmin' });
    expect(readFileSync(join(s.app.deps.store.dir, kept?.file ?? ''))).toEqual(photo);
  });

  test('a photo nobody can use (no #整改 before it, or from a stranger) is never fetched', async () => {
    const s = await session();
    const code = s.server.serveFile(Buffer.alloc(4096, 1));
    picture(s, 'q1', 'zhangmin', code);
    picture(s, 'q2', 'stranger', code);
    const from = s.server.sent.length;
    s.server.text('q3', 'zhangmin', '#我');
    await s.next(from, (m) => /^张敏/.test(textOf(m) ?? ''));
    expect(s.server.linkRequests).toBe(0);
    expect(s.server.downloads).toEqual([]);
  });

  test('after #整改, a 30 MB file is refused on its declared size, and one streamed without a size is cut off at the cap', async () => {
    const s = await session();
    await s.ask('h1', 'zhangmin', HAZARD, CID);
    await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈', CID);
    let from = s.server.sent.length;
    picture(s, 'b1', 'zhangmin', s.server.serveFile(Buffer.alloc(30 * MB, 7)));
    expect(textOf(await s.next(from))).toMatch(/^文件太大（30 MB），请控制在 20 MB 以内/);
    from = s.server.sent.length;
    picture(s, 'b2', 'zhangmin', s.server.serveFile(Buffer.alloc(40 * MB, 7), true));
    expect(textOf(await s.next(from))).toMatch(/^文件太大，请控制在 20 MB 以内/);
    expect(s.app.deps.store.state.hazards[0]?.evidence).toBeUndefined();
    expect(await s.ask('b3', 'zhangmin', '#我')).toMatch(/张敏/);
  });
});

describe('钉钉 connection: acknowledgements, redelivery, reconnects', () => {
  test('SYSTEM ping is answered with its own data; unacknowledged callbacks would be redelivered, but none are left', async () => {
    const s = await session();
    s.server.ping('{"opaque":"p-1"}');
    const pong = await s.server.until(() => s.server.pongs[0]);
    expect(pong).toMatchObject({ code: 200, data: '{"opaque":"p-1"}' });
    await s.ask('a1', 'zhangmin', '#我');
    expect(s.server.redeliverUnacked()).toBe(0);
  });

  test('the server drops the connection: the client reconnects with a new ticket, and a redelivered msgId is not handled twice', async () => {
    const s = await session();
    expect(await s.ask('h1', 'zhangmin', HAZARD, CID)).toMatch(/^已登记 H1/);
    s.server.drop();
    await s.server.until(() => s.server.connections >= 2);
    const from = s.server.sent.length;
    s.server.text('h1', 'zhangmin', HAZARD, CID); // the same msgId again, on the new connection
    expect(await s.ask('p1', 'zhangmin', '#我', CID)).toMatch(/^张敏：东城司法所/);
    expect(s.server.since(from)).toHaveLength(1);
    expect(s.app.deps.store.state.hazards).toHaveLength(1);
    expect(s.logs.some((l) => l.includes('h1 delivered again'))).toBe(true);
    // three more losses (a drop, a SYSTEM disconnect, a drop): still exactly one socket open
    s.server.drop();
    await s.server.until(() => s.server.connections >= 3);
    s.server.askToReconnect();
    await s.server.until(() => s.server.connections >= 4);
    s.server.drop();
    await s.server.until(() => s.server.connections >= 5);
    expect(await s.ask('p2', 'zhangmin', '#我', CID)).toMatch(/^张敏/);
    expect(s.server.openSockets).toBe(1);
  });

  test('stop() cancels a reconnect already scheduled: nothing reconnects after the bot stopped', async () => {
    const s = await session({ transport: { reconnectMs: 3_600_000 } });
    s.server.failGateway();
    s.server.drop();
    // the first attempt fails at the gateway; the next one waits an hour
    await turnsUntil(() => s.logs.some((l) => l.includes('reconnect failed')));
    expect(s.transport.stream.reconnecting).toBe(true);
    await s.transport.stop();
    expect(s.transport.stream.reconnecting).toBe(false);
    expect(s.server.connections).toBe(1);
  });

  test('stop() while the first connection is being opened: no socket is opened after it, and connect() ends quietly', async () => {
    const server = await DingtalkServer.start();
    open.push(() => server.close());
    const logs: string[] = [];
    const log = {
      info: (m: string) => logs.push(m),
      warn: (m: string) => logs.push(m),
      error: (m: string) => logs.push(m),
    };
    const client = new StreamClient(
      { clientId: server.clientId, clientSecret: server.clientSecret, gatewayUrl: server.gatewayUrl },
      log,
      () => {},
    );
    const release = server.holdGateway();
    const connecting = client.connect();
    await server.until(() => server.gatewayAsked === 1);
    client.stop();
    release();
    await expect(connecting).resolves.toBeUndefined();
    expect(server.connections).toBe(0);
    expect(server.openSockets).toBe(0);
    expect(client.reconnecting).toBe(false);
  });

  test('SYSTEM disconnect: the client opens a new connection at once and goes on serving', async () => {
    const s = await session();
    s.server.askToReconnect();
    await s.server.until(() => s.server.connections >= 2);
    expect(await s.ask('d1', 'zhangmin', '#我')).toMatch(/^张敏/);
  });

  test('a connection that goes silent (no frames, no pongs) is replaced by the watchdog', async () => {
    const s = await session({ transport: { watchdogMs: 50, silenceMs: 1000 } });
    s.server.goSilent();
    await s.server.until(() => s.server.connections >= 2);
    expect(s.logs.some((l) => l.includes('connection lost (silent)'))).toBe(true);
    expect(s.server.openSockets).toBe(1);
  });

  test('after a restart, a redelivered message that changed records is dropped by the store', async () => {
    const server = await DingtalkServer.start();
    open.push(() => server.close());
    const first = await dingtalkSession(server);
    expect(await first.ask('r1', 'zhangmin', HAZARD, CID)).toMatch(/^已登记 H1/);
    await first.close();
    const second = await session({ dataDir: first.dataDir }, server);
    const from = server.sent.length;
    server.text('r1', 'zhangmin', HAZARD, CID);
    expect(await second.ask('r2', 'zhangmin', '#我', CID)).toMatch(/^张敏/);
    expect(server.since(from)).toHaveLength(1);
    expect(second.app.deps.store.state.hazards).toHaveLength(1);
  });
});

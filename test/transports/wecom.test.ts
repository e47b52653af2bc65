import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import ExcelJS from 'exceljs';
import type { Bot } from '../../src/bot/Bot.js';
import { createBot } from '../../src/bot/createBot.js';
import { memoryLogger } from '../../src/bot/logger.js';
import { VirtualClock } from '../../src/bot/VirtualClock.js';
import { MAX_MARKDOWN_BYTES, WecomTransport } from '../../src/transports/wecom/WecomTransport.js';
import { GROUP, HAZARD, KEY_PERSON, tempDir, testCampaign } from '../kit/testBot.js';
import { type Frame, markdownOf, WecomServer } from '../kit/wecomServer.js';

const CHAT = 'wrkSFfCgAAxxxxGROUP';
/** On 企业微信 the organisation vouches for userids: the campaign's roster binds them from the start. */
const ROSTER = [{ key: 'zhangmin', name: '张敏', unit: '东城司法所' }];
const START = join(process.cwd(), 'dist', 'src', 'bin', 'start.js');

interface Session {
  server: WecomServer;
  app: Bot;
  transport: WecomTransport;
  clock: VirtualClock;
  logs: string[];
  /** pushes a text and returns the markdown of the reply to it (aibot_respond_msg on its req_id) */
  ask(msgid: string, userid: string, text: string, chatid?: string): Promise<string>;
}

const open: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

/** The real app and the real SDK against the local server; small SDK intervals, a virtual clock for the campaign. */
async function session(roster = ROSTER): Promise<Session> {
  const server = await WecomServer.start();
  const dir = tempDir('jz-wecom-');
  const clock = new VirtualClock(Date.parse('2022-08-05T09:00:00+08:00'));
  const log = memoryLogger();
  const transport = new WecomTransport(
    {
      botId: server.botId,
      secret: server.secret,
      wsUrl: server.url,
      reconnectInterval: 10,
      heartbeatInterval: 200,
      now: () => clock.now(),
    },
    log,
  );
  const app = await createBot({
    campaign: testCampaign({
      groups: [{ name: GROUP, chatid: CHAT }],
      supervisors: ['wangke'],
      admins: ['admin01'],
      people: roster,
    }),
    dataDir: join(dir, 'data'),
    filesDir: join(dir, 'files'),
    transport,
    clock,
    log,
    storeNow: () => clock.now(),
  });
  open.push(async () => {
    await app.close();
    await server.close();
  });
  await app.start();
  const replyTo = async (req: string) =>
    markdownOf(await server.frame((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === req)) ?? '';
  return {
    server,
    app,
    transport,
    clock,
    logs: log.lines,
    ask: (msgid, userid, text, chatid) => replyTo(server.text(msgid, userid, text, chatid)),
  };
}

const repliesTo = (s: Session, req: string): Frame[] =>
  s.server.frames.filter((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === req);

describe('企业微信 智能机器人 through the real SDK', () => {
  test('someone not on the roster asks in the group; the supervisor is told and approves privately; the person is told', async () => {
    const s = await session([]);
    const from = s.server.frames.length;
    const pushes = () => s.server.frames.slice(from).filter((f) => f.cmd === 'aibot_send_msg');
    expect(await s.ask('r1', 'lina', '#绑定 西城司法所', CHAT)).toMatch(
      /^已收到您的绑定申请（编号 \d+）：西城司法所。需经管理员或督导批准后生效/,
    );
    expect(await s.ask('r2', 'lina', '#走访 3', CHAT)).toMatch(/正在等待管理员或督导批准/);
    await s.server.until(() => pushes().length === 2);
    expect(pushes().map((f) => [f.body.chatid, markdownOf(f)])).toEqual([
      ['admin01', expect.stringMatching(/^【绑定申请 1】lina 申请绑定：西城司法所。批准：#批准 1/)],
      ['wangke', expect.stringMatching(/^【绑定申请 1】lina 申请绑定：西城司法所。批准：#批准 1/)],
    ]);
    expect(await s.ask('a1', 'wangke', '#批准 1')).toBe('已批准：lina → 西城司法所（编号 1）');
    await s.server.until(() => pushes().length === 3);
    expect(pushes()[2]?.body.chatid).toBe('lina');
    expect(markdownOf(pushes()[2] as Frame)).toMatch(/^您的绑定申请已批准：西城司法所/);
    expect(await s.ask('r3', 'lina', '#走访 3', CHAT)).toMatch(/走访 \+3/);
    expect(s.app.deps.store.state.bindings.lina).toMatchObject({ unit: '西城司法所', by: 'wangke' });
  });

  test('a group @-message logs a hazard and gets its reply; a voice message counts as typed', async () => {
    const s = await session();
    const reply = await s.ask('m2', 'zhangmin', HAZARD, CHAT);
    expect(reply).toMatch(/^已登记 H1/);
    expect(s.app.deps.store.state.hazards).toHaveLength(1);
    expect(s.app.deps.store.state.hazards[0]?.unit).toBe('东城司法所');
    const voice = s.server.push({
      msgid: 'm3',
      chattype: 'single',
      from: { userid: 'zhangmin' },
      msgtype: 'voice',
      voice: { content: '#我' },
    });
    const me = await s.server.frame((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === voice);
    expect(markdownOf(me)).toMatch(/^张敏：东城司法所/);
  });

  test('what someone typed cannot become a link, a mention or a tag in the bot’s markdown', async () => {
    const s = await session();
    const typed = HAZARD.replace(
      /情况：.*/,
      '情况：<@lisi>[补贴](http://evil.example/x) <font color="warning">紧急</font> `code`',
    );
    const reply = await s.ask('m9', 'zhangmin', typed, CHAT);
    expect(reply).toMatch(/^已登记 H1/);
    const ledger = await s.ask('m10', 'zhangmin', '#台账', CHAT);
    for (const shown of [reply, ledger]
      .join('\n')
      .split('\n')
      .filter((l) => l.includes('补贴'))) {
      expect(shown).toContain('＜@lisi＞［补贴］(http');
      expect(shown).not.toMatch(/[[\]<>`]/);
    }
    expect([reply, ledger].join('\n')).toContain('补贴');
    // what is stored is what was typed
    expect(s.app.deps.store.state.hazards[0]?.situation).toContain('<@lisi>[补贴](http://evil.example/x)');
  });

  test('a key person registered in a private chat; an unknown userid is refused and nothing changes', async () => {
    const s = await session();
    expect(await s.ask('k1', 'zhangmin', KEY_PERSON)).toMatch(/^已登记 P1/);
    expect(s.app.deps.store.state.keyPersons.map((p) => p.name)).toEqual(['刘某某']);
    const before = JSON.stringify(s.app.deps.store.state);
    expect(await s.ask('x1', 'stranger', HAZARD, CHAT)).toMatch(/^您还没有绑定单位/);
    expect(await s.ask('x2', 'stranger', KEY_PERSON)).toMatch(/^您还没有绑定单位/);
    expect(JSON.stringify(s.app.deps.store.state)).toBe(before);
  });

  test('a reminder is pushed to the group chat with aibot_send_msg at its time', async () => {
    const s = await session();
    const from = s.server.frames.length;
    const pushes = () => s.server.frames.slice(from).filter((f) => f.cmd === 'aibot_send_msg');
    await s.clock.advance(Date.parse('2022-08-06T08:59:00+08:00'), s.app);
    expect(pushes()).toEqual([]);
    await s.clock.advance(Date.parse('2022-08-06T09:00:00+08:00'), s.app);
    const pushed = pushes();
    expect(pushed.map((f) => f.body.chatid)).toEqual([CHAT]);
    expect(markdownOf(pushed[0] as Frame)).toMatch(/^【催报】附件2 重点人员台账 8月9日截止（还有3天）/);
  });

  test('#统计 delivers the .xlsx through the chunked media upload', async () => {
    const s = await session();
    const req = s.server.text('s1', 'wangke', '#统计');
    const file = await s.server.frame((f) => f.body?.msgtype === 'file');
    // the summary answered the message; the file followed to the same person
    expect(markdownOf(repliesTo(s, req)[0] as Frame)).toMatch(/统计：合计 \d+ 个已上报单位（共 3 个）/);
    expect(file.cmd).toBe('aibot_send_msg');
    expect(file.body.chatid).toBe('wangke');
    const uploaded = s.server.files.get(file.body.file.media_id);
    expect(uploaded?.filename).toMatch(/^附件3-社区矫正隐患排查整治统计表-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(uploaded?.data as unknown as ArrayBuffer);
    const ws = wb.worksheets[0] as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('附件3');
    expect(String(ws.getCell('E3').value)).toBe('填报人：wangke');
    const cmds = s.server.frames.map((f) => f.cmd);
    expect(cmds).toEqual(
      expect.arrayContaining([
        'aibot_upload_media_init',
        'aibot_upload_media_chunk',
        'aibot_upload_media_finish',
      ]),
    );
  });

  test('the server drops the connection: the SDK reconnects and a redelivered message is not handled twice', async () => {
    const s = await session();
    expect(await s.ask('h1', 'zhangmin', HAZARD, CHAT)).toMatch(/^已登记 H1/);
    s.server.drop();
    await s.server.until(() => s.server.logins >= 2);
    const again = s.server.text('h1', 'zhangmin', HAZARD, CHAT);
    // messages are handled in arrival order: once the next one is answered, the redelivery was seen
    expect(await s.ask('p1', 'zhangmin', '#我', CHAT)).toMatch(/^张敏：东城司法所/);
    expect(repliesTo(s, again)).toEqual([]);
    expect(s.app.deps.store.state.hazards).toHaveLength(1);
    expect(s.logs.some((l) => l.includes('h1 delivered again'))).toBe(true);
  });

  test('#群号 tells an admin the chatid of a group not configured yet; anyone else there gets nothing', async () => {
    const s = await session();
    const other = 'wrkNEWGROUP';
    const ignored = s.server.text('g1', 'zhangmin', '#群号', other);
    const chatter = s.server.text('g2', 'admin01', '#进度', other);
    const reply = await s.ask('g3', 'admin01', '#群号', other);
    expect(reply).toContain(`本群群号：${other}`);
    expect(reply).toContain('尚未配置');
    expect(repliesTo(s, ignored)).toEqual([]);
    expect(repliesTo(s, chatter)).toEqual([]);
    expect(await s.ask('g4', 'admin01', '#群号', CHAT)).toBe(`本群群号：${CHAT}（已配置为“${GROUP}”）`);
  });

  test('a text over the markdown limit goes out as several messages, nothing lost', async () => {
    const s = await session();
    const lines = Array.from({ length: 400 }, (_, i) => `第${i + 1}行：东城司法所隐患整改情况说明`);
    const text = lines.join('\n');
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * MAX_MARKDOWN_BYTES);
    const from = s.server.frames.length;
    await s.transport.send({ to: { person: 'wangke' }, reply: { text }, at: s.clock.now() });
    const parts = s.server.frames.slice(from).filter((f) => f.cmd === 'aibot_send_msg');
    expect(parts.length).toBeGreaterThanOrEqual(3);
    for (const p of parts)
      expect(Buffer.byteLength(markdownOf(p) ?? '')).toBeLessThanOrEqual(MAX_MARKDOWN_BYTES);
    expect(parts.map((p) => markdownOf(p)).join('\n')).toBe(text);
  });

  test('a photo sent privately after #整改 is kept as evidence, downloaded and decrypted through the SDK', async () => {
    const s = await session();
    expect(await s.ask('h1', 'zhangmin', HAZARD, CHAT)).toMatch(/^已登记 H1/);
    expect(await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈并补办销假', CHAT)).toMatch(/^已更新 H1/);
    const photo = Buffer.from('销假单照片：本应是 JPEG 字节'.repeat(50));
    const { url, aeskey } = s.server.serveEncrypted(photo, '销假单.jpg');
    const req = s.server.push({
      msgid: 'e1',
      chattype: 'single',
      from: { userid: 'zhangmin' },
      msgtype: 'image',
      image: { url, aeskey },
    });
    const reply = await s.server.frame((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === req);
    expect(markdownOf(reply)).toMatch(/^已保存 H1 的佐证材料：销假单\.jpg（\d+ KB），共 1 份（/);
    const kept = s.app.deps.store.state.hazards[0]?.evidence?.[0];
    expect(kept).toMatchObject({ name: '销假单.jpg', size: photo.length, by: 'zhangmin' });
    expect(readFileSync(join(s.app.deps.store.dir, kept?.file ?? ''))).toEqual(photo);
  });

  test("an image sent to the bot is downloaded when asked, and decrypted with the SDK's decryptFile", async () => {
    const s = await session();
    const photo = Buffer.from('整改现场照片：本应是 JPEG 字节'.repeat(50));
    const { url, aeskey } = s.server.serveEncrypted(photo, '现场.jpg');
    s.server.push({
      msgid: 'i1',
      chattype: 'single',
      from: { userid: 'zhangmin' },
      msgtype: 'image',
      image: { url, aeskey },
    });
    await s.ask('i2', 'zhangmin', '#我'); // handled after the image: by then it is known
    const [a] = s.transport.attachments('i1');
    expect(a?.kind).toBe('image');
    // nobody kept it: nothing was downloaded
    expect(s.server.downloads).toEqual([]);
    const got = await s.transport.download(a as NonNullable<typeof a>, 1024 * 1024);
    expect(got.buffer.equals(photo)).toBe(true);
    expect(got.filename).toBe('现场.jpg');
  });
});

/** Runs `npm start`'s program against `url` and collects its stderr and exit code. */
function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const dir = tempDir('jz-wecom-start-');
  const child = spawn(process.execPath, [START, '--data', join(dir, 'data')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('npm start on 企业微信', () => {
  test('a bad secret ends with one clear line and a non-zero exit', async () => {
    const server = await WecomServer.start();
    open.push(() => server.close());
    const r = await runStart({
      WECOM_BOT_ID: server.botId,
      WECOM_BOT_SECRET: 'wrong',
      WECOM_WS_URL: server.url,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^企业微信拒绝了机器人的认证（invalid secret \(code: 40001\)）：请核对环境变量 WECOM_BOT_ID 和 WECOM_BOT_SECRET/,
    );
    expect(server.logins).toBe(0);
  });

  test('no server to reach ends with one clear line and a non-zero exit', async () => {
    const server = await WecomServer.start();
    const url = server.url;
    await server.close();
    const r = await runStart({ WECOM_BOT_ID: 'bot', WECOM_BOT_SECRET: 'secret', WECOM_WS_URL: url });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^无法连接企业微信服务器 ws:\/\/127\.0\.0\.1:\d+（ECONNREFUSED）：网络不通？/);
  });
});

describe('企业微信 attachments are bounded: nothing downloaded unless kept, never past the cap', () => {
  const MB = 1024 * 1024;
  const image = (s: Session, msgid: string, userid: string, url: string, aeskey: string) =>
    s.server.push({ msgid, chattype: 'single', from: { userid }, msgtype: 'image', image: { url, aeskey } });

  test('a photo nobody can use (no #整改 before it, or from a stranger) is never downloaded', async () => {
    const s = await session();
    const { url, aeskey } = s.server.serveEncrypted(Buffer.alloc(4096, 1), 'x.jpg');
    image(s, 'p1', 'zhangmin', url, aeskey);
    image(s, 'p2', 'stranger', url, aeskey);
    // handled in order after the two photos
    expect(await s.ask('p3', 'zhangmin', '#我')).toMatch(/张敏/);
    expect(s.server.downloads).toEqual([]);
  });

  test('after #整改, a 30 MB file that declares its size is refused before its body is read', async () => {
    const s = await session();
    await s.ask('h1', 'zhangmin', HAZARD, CHAT);
    await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈', CHAT);
    const { url, aeskey } = s.server.serveEncrypted(Buffer.alloc(30 * MB, 7), '录像.mp4');
    const req = image(s, 'b1', 'zhangmin', url, aeskey);
    const reply = await s.server.frame((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === req);
    expect(markdownOf(reply)).toMatch(/^文件太大（30 MB），请控制在 20 MB 以内/);
    expect(s.server.downloads).toHaveLength(1);
    expect(s.app.deps.store.state.hazards[0]?.evidence).toBeUndefined();
  });

  test('after #整改, a file streamed without a declared size is cut off at the cap, and nothing is kept', async () => {
    const s = await session();
    await s.ask('h1', 'zhangmin', HAZARD, CHAT);
    await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈', CHAT);
    const { url, aeskey } = s.server.serveEncrypted(Buffer.alloc(40 * MB, 7), 'big.bin', true);
    const req = image(s, 'b2', 'zhangmin', url, aeskey);
    const reply = await s.server.frame((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === req);
    expect(markdownOf(reply)).toMatch(/^文件太大，请控制在 20 MB 以内/);
    expect(s.app.deps.store.state.hazards[0]?.evidence).toBeUndefined();
    // the bot goes on serving
    expect(await s.ask('b3', 'zhangmin', '#我')).toMatch(/张敏/);
  });
});

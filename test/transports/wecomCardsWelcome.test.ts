import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { GROUP, HAZARD, makeBoundBot, SHIPPED_CAMPAIGN, tempDir } from '../kit/testBot.js';
import type { Frame } from '../kit/wecomServer.js';
import { CHAT, type WecomSession, wecomSession } from '../kit/wecomSession.js';

const open: WecomSession[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

async function session(): Promise<WecomSession> {
  const s = await wecomSession();
  open.push(s);
  return s;
}

const welcomes = (s: WecomSession): Frame[] =>
  s.server.frames.filter((f) => f.cmd === 'aibot_respond_welcome_msg');

describe('企业微信 buttons: #批准 cards', () => {
  test('批准 on the second card approves exactly that request; the first stays pending', async () => {
    const s = await session();
    expect(await s.ask('r1', 'wuqiang', '#绑定 南城司法所', CHAT)).toMatch(/编号 1/);
    expect(await s.ask('r2', 'zhaoliu', '#绑定 南城司法所', CHAT)).toMatch(/编号 2/);
    const from = s.server.frames.length;
    expect(await s.ask('a1', 'admin01', '#批准')).toMatch(/^待批准的绑定申请 2 个/);
    const cards = await s.server.until(() => s.server.cards(from).length === 2 && s.server.cards(from));
    const titles = cards.map((c) => c.body.template_card.main_title.title);
    expect(titles).toEqual(['申请 1：wuqiang → 南城司法所', '申请 2：zhaoliu → 南城司法所']);
    const second = cards[1]?.body.template_card;
    expect(second.button_list.map((b: { text: string }) => b.text)).toEqual(['批准 2', '拒绝 2']);
    const req = s.server.click('c1', 'admin01', second.task_id, second.button_list[0].key);
    const update = await s.server.frame(
      (f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === req,
    );
    expect(update.body.template_card.sub_title_text).toMatch(
      /^admin01：批准 2。已批准：zhaoliu → 南城司法所/,
    );
    const st = s.app.deps.store.state;
    expect(st.bindings.zhaoliu).toMatchObject({ unit: '南城司法所', by: 'admin01' });
    expect(st.bindings.wuqiang).toBeUndefined();
    expect(st.requests?.wuqiang?.no).toBe(1);
    // someone else clicking that private card later learns nothing of what was said there
    const other = s.server.click('c2', 'zhangmin', second.task_id, second.button_list[0].key);
    const told = await s.server.frame(
      (f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === other,
    );
    expect(told.body.userids).toEqual(['zhangmin']);
    expect(told.body.template_card.sub_title_text).toBe('此卡片已处理。');
  });

  test('a caseworker who clicks a forwarded 批准 card is refused as when typing; nothing changes', async () => {
    const s = await session();
    await s.ask('r1', 'wuqiang', '#绑定 南城司法所', CHAT);
    const from = s.server.frames.length;
    await s.ask('a1', 'admin01', '#批准');
    const [card] = await s.server.until(() => s.server.cards(from).length === 1 && s.server.cards(from));
    const tc = card?.body.template_card;
    const at = s.server.frames.length;
    s.server.click('c1', 'zhangmin', tc.task_id, tc.button_list[0].key);
    const told = await s.server.frame((f) => f.cmd === 'aibot_send_msg' && f.body?.chatid === 'zhangmin', at);
    expect(told.body.markdown.content).toMatch(/^此命令仅限管理员和督导使用/);
    expect(s.app.deps.store.state.bindings.wuqiang).toBeUndefined();
    expect(s.server.frames.filter((f) => f.cmd === 'aibot_respond_update_msg')).toEqual([]);
  });
});

describe('企业微信 enter_chat welcome', () => {
  test('the first private chat of the day gets a short 帮助 for the role, once a day', async () => {
    const s = await session();
    const req = s.server.enterChat('w1', 'zhangmin');
    const w = await s.server.frame((f) => f.cmd === 'aibot_respond_welcome_msg' && f.headers.req_id === req);
    expect(w.body.msgtype).toBe('text');
    const text: string = w.body.text.content;
    expect(text).toMatch(/^可用命令/);
    expect(text).toContain('#隐患');
    expect(text).not.toContain('#待核验');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(2048);

    const sup = s.server.enterChat('w2', 'wangke');
    const ws = await s.server.frame((f) => f.cmd === 'aibot_respond_welcome_msg' && f.headers.req_id === sup);
    expect(ws.body.text.content).toContain('#待核验');

    s.server.enterChat('w3', 'zhangmin'); // again the same day
    expect(await s.ask('m1', 'zhangmin', '#我')).toMatch(/^张敏/);
    expect(welcomes(s)).toHaveLength(2);

    s.clock.set(Date.parse('2022-08-06T08:00:00+08:00'));
    const next = s.server.enterChat('w4', 'zhangmin');
    await s.server.frame((f) => f.cmd === 'aibot_respond_welcome_msg' && f.headers.req_id === next);
    expect(welcomes(s)).toHaveLength(3);
    // a welcome is never pushed as a message
    expect(s.server.frames.filter((f) => f.cmd === 'aibot_send_msg')).toEqual([]);
  });
});

describe('transports without buttons', () => {
  test('the bot offers the same commands as cards; the text says what to type, and typing it works', async () => {
    const t = await makeBoundBot();
    await t.say('张敏', HAZARD);
    await t.say('张敏', '#整改 H1 已整改 已约谈并补办销假');
    const [listing] = await t.send('王科长', '#待核验', null);
    const reply = listing?.reply as { text: string; cards?: { actions: { command: string }[] }[] };
    expect(reply.text).toContain('#核验 H编号 通过');
    // the typed command, plus the revision the card shows (a click after a change verifies nothing)
    const rev = t.store.state.hazards[0]?.rev;
    expect(reply.cards?.[0]?.actions.map((a) => a.command)).toEqual([
      `#核验 H1 通过 卡片版本${rev}`,
      `#核验 H1 退回 卡片版本${rev}`,
    ]);
    expect(await t.say('王科长', '#核验 H1 通过', null)).toMatch(/H1/);
    expect(t.store.state.hazards[0]?.verified).toBeTruthy();
    await t.close();
  });

  test('simulate prints the text of a reply with cards and nothing else', () => {
    const dir = tempDir('jz-sim-');
    const transcript = join(dir, 't.jsonl');
    const lines = [
      { at: '2022-08-05T09:00:00+08:00', room: GROUP, from: '张敏', text: '#绑定 东城司法所' },
      { at: '2022-08-05T09:00:30+08:00', from: '管理员', text: '#批准' },
    ];
    writeFileSync(transcript, lines.map((l) => JSON.stringify(l)).join('\n'));
    const r = spawnSync(
      process.execPath,
      [
        join(process.cwd(), 'dist', 'src', 'bin', 'simulate.js'),
        '--campaign',
        SHIPPED_CAMPAIGN,
        '--data',
        join(dir, 'd'),
        '--files',
        join(dir, 'f'),
        transcript,
      ],
      { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } },
    );
    expect(r.status).toBe(0);
    const out = r.stdout
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l));
    const listing = out.find((o) => /^待批准的绑定申请/.test(o.text ?? ''));
    expect(listing.text).toContain('批准：#批准 编号');
    expect(Object.keys(listing)).not.toContain('cards');
  });
});

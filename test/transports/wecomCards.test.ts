import { afterEach, describe, expect, test } from '@jest/globals';
import { HAZARD } from '../kit/testBot.js';
import type { Frame } from '../kit/wecomServer.js';
import { CHAT, type WecomSession, wecomSession } from '../kit/wecomSession.js';

const open: WecomSession[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/** A session with H1 (东城) marked 已整改 by 张敏: it awaits a supervisor's verification. */
async function withClosedHazard(opts: { cardBusyMs?: number } = {}): Promise<WecomSession> {
  const s = await wecomSession(opts);
  open.push(s);
  expect(await s.ask('h1', 'zhangmin', HAZARD, CHAT)).toMatch(/^已登记 H1/);
  expect(await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈并补办销假', CHAT)).toMatch(/^已更新 H1/);
  return s;
}

/** The cards sent since frame `from`, once `n` have come. */
async function cardsSince(s: WecomSession, from: number, n: number): Promise<Frame[]> {
  return s.server.until(() => {
    const c = s.server.cards(from);
    return c.length >= n && c;
  });
}

const button = (card: Frame, label: string): string =>
  card.body.template_card.button_list.find((b: { text: string }) => b.text === label).key;

const updatesTo = (s: WecomSession, req: string): Frame[] =>
  s.server.frames.filter((f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === req);

describe('企业微信 buttons: #待核验 cards', () => {
  test('a supervisor gets a card per hazard, clicks 通过: the hazard is verified and the card says who did it', async () => {
    const s = await withClosedHazard();
    const from = s.server.frames.length;
    expect(await s.ask('v1', 'wangke', '#待核验')).toMatch(/^待核验 1 条/);
    const [card] = await cardsSince(s, from, 1);
    expect(card?.cmd).toBe('aibot_send_msg');
    expect(card?.body.chatid).toBe('wangke');
    const tc = card?.body.template_card;
    expect(tc).toMatchObject({
      card_type: 'button_interaction',
      main_title: { title: 'H1 东城司法所 · 已整改' },
    });
    expect(tc.button_list.map((b: { text: string }) => b.text)).toEqual(['通过', '退回']);
    expect(tc.task_id).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);

    const req = s.server.click('e1', 'wangke', tc.task_id, button(card as Frame, '通过'));
    const update = await s.server.frame(
      (f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === req,
    );
    expect(update.body).toMatchObject({
      response_type: 'update_template_card',
      template_card: { card_type: 'text_notice', task_id: tc.task_id },
    });
    expect(update.body.userids).toBeUndefined(); // replaced for everyone who sees it
    expect(update.body.template_card.sub_title_text).toMatch(/^wangke：通过。.*H1/);
    expect(s.app.deps.store.state.hazards[0]?.verified).toMatchObject({ by: 'wangke' });
  });

  test('a caseworker clicks a supervisor’s card in the group: the same refusal as typing it, nothing changes', async () => {
    const s = await withClosedHazard();
    const from = s.server.frames.length;
    expect(await s.ask('v1', 'wangke', '#待核验', CHAT)).toMatch(/^待核验 1 条/);
    const [card] = await cardsSince(s, from, 1);
    expect(card?.body.chatid).toBe(CHAT);
    const typed = await s.ask('t1', 'zhangmin', '#核验 H1 通过', CHAT);
    expect(typed).toMatch(/仅限督导/);
    const before = JSON.stringify(s.app.deps.store.state.hazards);
    const at = s.server.frames.length;
    const req = s.server.click(
      'e1',
      'zhangmin',
      card?.body.template_card.task_id,
      button(card as Frame, '通过'),
      CHAT,
    );
    const refusal = await s.server.frame(
      (f) => f.cmd === 'aibot_send_msg' && f.body?.msgtype === 'markdown',
      at,
    );
    expect(refusal.body.chatid).toBe(CHAT);
    expect(refusal.body.markdown.content).toBe(typed);
    expect(updatesTo(s, req)).toEqual([]);
    expect(JSON.stringify(s.app.deps.store.state.hazards)).toBe(before);
    // the card still works for the supervisor
    const ok = s.server.click(
      'e2',
      'wangke',
      card?.body.template_card.task_id,
      button(card as Frame, '通过'),
      CHAT,
    );
    await s.server.frame((f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === ok);
    expect(s.app.deps.store.state.hazards[0]?.verified).toMatchObject({ by: 'wangke' });
  });

  test('a double click verifies once; the second is told who handled it and nothing changes', async () => {
    const s = await withClosedHazard();
    const from = s.server.frames.length;
    await s.ask('v1', 'wangke', '#待核验');
    const [card] = await cardsSince(s, from, 1);
    const task = card?.body.template_card.task_id;
    const key = button(card as Frame, '通过');
    const first = s.server.click('e1', 'wangke', task, key);
    s.server.click('e1', 'wangke', task, key); // the same event delivered again
    await s.server.frame((f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === first);
    const journal = s.app.deps.store.state.seq;
    const second = s.server.click('e2', 'wangke', task, key);
    const told = await s.server.frame(
      (f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === second,
    );
    expect(told.body.userids).toEqual(['wangke']);
    expect(told.body.template_card.sub_title_text).toMatch(/^已由 wangke 处理（通过）/);
    // the next message is answered: every click before it was handled
    expect(await s.ask('p1', 'wangke', '#我')).toBeTruthy();
    expect(s.app.deps.store.state.seq).toBe(journal);
    expect(s.server.frames.filter((f) => f.cmd === 'aibot_respond_update_msg')).toHaveLength(2);
  });

  test('退回 asks for the reason with the command to type; the card stays open', async () => {
    const s = await withClosedHazard();
    const from = s.server.frames.length;
    await s.ask('v1', 'wangke', '#待核验');
    const [card] = await cardsSince(s, from, 1);
    const task = card?.body.template_card.task_id;
    const at = s.server.frames.length;
    const req = s.server.click('e1', 'wangke', task, button(card as Frame, '退回'));
    const asked = await s.server.frame(
      (f) => f.cmd === 'aibot_send_msg' && f.body?.msgtype === 'markdown',
      at,
    );
    expect(asked.body.chatid).toBe('wangke');
    expect(asked.body.markdown.content).toMatch(/退回要写明原因/);
    expect(asked.body.markdown.content).toContain('#核验 H1 退回');
    expect(updatesTo(s, req)).toEqual([]);
    expect(s.app.deps.store.state.hazards[0]?.status).toBe('已整改');
    expect(await s.ask('r1', 'wangke', '#核验 H1 退回 整改不彻底')).toMatch(/退回/);
    expect(s.app.deps.store.state.hazards[0]?.status).toBe('整改中');
  });

  test('a click on a card the bot does not know (a restart) is told to type the command, for the clicker only', async () => {
    const s = await withClosedHazard();
    const req = s.server.click('e1', 'wangke', 'jz_unknown', 'b0');
    const told = await s.server.frame(
      (f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === req,
    );
    expect(told.body.userids).toEqual(['wangke']);
    expect(told.body.template_card.main_title.title).toBe('此卡片已失效');
    expect(s.app.deps.store.state.hazards[0]?.verified).toBeFalsy();
  });

  test('while the bot is busy, the clicker sees 处理中 at once; the outcome follows as text and the card is spent', async () => {
    const s = await withClosedHazard({ cardBusyMs: 10 });
    const from = s.server.frames.length;
    await s.ask('v1', 'wangke', '#待核验');
    const [card] = await cardsSince(s, from, 1);
    const task = card?.body.template_card.task_id;
    // a photo whose download hangs holds the bot's queue: the click waits behind it
    const release = s.server.holdMedia();
    const { url, aeskey } = s.server.serveEncrypted(Buffer.from('jpeg'), '现场.jpg');
    s.server.push({
      msgid: 'i1',
      chattype: 'single',
      from: { userid: 'zhangmin' },
      msgtype: 'image',
      image: { url, aeskey },
    });
    const req = s.server.click('e1', 'wangke', task, button(card as Frame, '通过'));
    const busy = await s.server.frame(
      (f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === req,
    );
    expect(busy.body.userids).toEqual(['wangke']);
    expect(busy.body.template_card.sub_title_text).toBe('处理中：通过……');
    expect(s.app.deps.store.state.hazards[0]?.verified).toBeFalsy();
    const at = s.server.frames.length;
    release();
    const outcome = await s.server.frame(
      (f) => f.cmd === 'aibot_send_msg' && f.body?.chatid === 'wangke',
      at,
    );
    expect(outcome.body.markdown.content).toMatch(/H1/);
    expect(s.app.deps.store.state.hazards[0]?.verified).toMatchObject({ by: 'wangke' });
    expect(updatesTo(s, req)).toHaveLength(1); // one update per click: WeCom takes no second
    const again = s.server.click('e2', 'wangke', task, button(card as Frame, '通过'));
    const told = await s.server.frame(
      (f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === again,
    );
    expect(told.body.template_card.sub_title_text).toMatch(/^已由 wangke 处理（通过）/);
  });
});

import { afterEach, describe, expect, test } from '@jest/globals';
import { HAZARD } from '../kit/testBot.js';
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

const button = (card: Frame, label: string): string =>
  card.body.template_card.button_list.find((b: { text: string }) => b.text.startsWith(label)).key;

/** The cards sent since frame `from`, once `n` have come. */
const cardsSince = (s: WecomSession, from: number, n: number): Promise<Frame[]> =>
  s.server.until(() => s.server.cards(from).length >= n && s.server.cards(from));

describe('企业微信 buttons under attack', () => {
  test('an old 批准 card, clicked after the request was switched to 管理员, grants nothing and says why', async () => {
    const s = await session();
    await s.ask('r1', 'wuqiang', '#绑定 南城司法所', CHAT);
    const from = s.server.frames.length;
    await s.ask('a1', 'admin01', '#批准');
    const [card] = await cardsSince(s, from, 1);
    expect(card?.body.template_card.main_title.title).toBe('申请 1：wuqiang → 南城司法所');
    // the requester switches to the admin role after the card went out
    expect(await s.ask('r2', 'wuqiang', '#绑定 管理员', CHAT)).toMatch(/编号 2/);
    const at = s.server.frames.length;
    s.server.click('c1', 'admin01', card?.body.template_card.task_id, button(card as Frame, '批准'));
    const told = await s.server.frame(
      (f) =>
        f.cmd === 'aibot_send_msg' &&
        f.body?.chatid === 'admin01' &&
        !/^【绑定申请/.test(f.body?.markdown?.content ?? ''),
      at,
    );
    expect(told.body.markdown.content).toMatch(
      /^编号 1 的申请（南城司法所）已被申请人撤回，现为编号 2：管理员.*没有批准任何内容/,
    );
    const st = s.app.deps.store.state;
    expect(st.roles.wuqiang).toBeUndefined();
    expect(st.bindings.wuqiang).toBeUndefined();
    expect(st.requests.wuqiang?.no).toBe(2);
  });

  test('a click from a chat the campaign does not list changes nothing and says nothing there; the card still works', async () => {
    const s = await session();
    await s.ask('h1', 'zhangmin', HAZARD, CHAT);
    await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈并补办销假', CHAT);
    const from = s.server.frames.length;
    await s.ask('v1', 'wangke', '#待核验', CHAT);
    const [card] = await cardsSince(s, from, 1);
    const task = card?.body.template_card.task_id;
    const at = s.server.frames.length;
    s.server.click('e1', 'wangke', task, button(card as Frame, '通过'), 'wrkOTHERchat');
    // the next message is answered only after the click was handled
    expect(await s.ask('p1', 'wangke', '#我')).toBeTruthy();
    const said = s.server.frames.slice(at).filter((f) => f.body?.chatid === 'wrkOTHERchat');
    expect(said).toEqual([]);
    expect(s.app.deps.store.state.hazards[0]?.verified).toBeFalsy();
    const ok = s.server.click('e2', 'wangke', task, button(card as Frame, '通过'), CHAT);
    await s.server.frame((f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === ok);
    expect(s.app.deps.store.state.hazards[0]?.verified).toMatchObject({ by: 'wangke' });
  });

  test('a forged button key on a real card runs no command; the card still works', async () => {
    const s = await session();
    await s.ask('h1', 'zhangmin', HAZARD, CHAT);
    await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈并补办销假', CHAT);
    const from = s.server.frames.length;
    await s.ask('v1', 'wangke', '#待核验');
    const [card] = await cardsSince(s, from, 1);
    const task = card?.body.template_card.task_id;
    const seq = s.app.deps.store.state.seq;
    for (const key of ['b9', '#核验 H1 通过', '', 'b-1']) s.server.click(`f${key}`, 'wangke', task, key);
    expect(await s.ask('p1', 'wangke', '#我')).toBeTruthy();
    expect(s.app.deps.store.state.seq).toBe(seq);
    const ok = s.server.click('e2', 'wangke', task, button(card as Frame, '通过'));
    await s.server.frame((f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === ok);
    expect(s.app.deps.store.state.hazards[0]?.verified).toMatchObject({ by: 'wangke' });
  });
});

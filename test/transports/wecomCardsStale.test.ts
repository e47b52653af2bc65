import { afterEach, describe, expect, test } from '@jest/globals';
import { HAZARD } from '../kit/testBot.js';
import type { Frame } from '../kit/wecomServer.js';
import { CHAT, type WecomSession, wecomSession } from '../kit/wecomSession.js';

const open: WecomSession[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

const button = (card: Frame, label: string): string =>
  card.body.template_card.button_list.find((b: { text: string }) => b.text === label).key;

/** What the clicker is shown for click `req`: the card's update, or a text pushed to them. */
async function shown(s: WecomSession, req: string, clicker: string, at: number): Promise<string> {
  const f = await s.server.frame(
    (f) =>
      (f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === req) ||
      (f.cmd === 'aibot_send_msg' && f.body?.chatid === clicker),
    at,
  );
  return f.body.template_card?.sub_title_text ?? f.body.markdown?.content ?? '';
}

/** H1 marked 已整改 by 张敏, and the supervisor's private #待核验 card for it. */
async function cardForClosedHazard(): Promise<{ s: WecomSession; card: Frame }> {
  const s = await wecomSession();
  open.push(s);
  await s.ask('h1', 'zhangmin', HAZARD, CHAT);
  await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈并补办销假', CHAT);
  const from = s.server.frames.length;
  await s.ask('v1', 'wangke', '#待核验');
  const [card] = await s.server.until(() => s.server.cards(from).length === 1 && s.server.cards(from));
  expect(card?.body.template_card.main_title.title).toBe('H1 东城司法所 · 已整改');
  return { s, card: card as Frame };
}

/**
 * What a supervisor verifies with a click must be what the card showed them: the unit may change
 * the hazard after the card went out (无法整改 instead of 已整改, another situation), and a click on
 * the old card must not pass the new content unseen.
 */
describe('a #待核验 card verifies only the hazard as it showed it', () => {
  test('H1 turned from 已整改 into 无法整改 after the card: 通过 on the old card verifies nothing', async () => {
    const { s, card } = await cardForClosedHazard();
    expect(await s.ask('h3', 'zhangmin', '#整改 H1 无法整改 对象已外出务工，无法约谈', CHAT)).toMatch(
      /无法整改/,
    );
    const at = s.server.frames.length;
    const req = s.server.click('e1', 'wangke', card.body.template_card.task_id, button(card, '通过'));
    expect(await shown(s, req, 'wangke', at)).toMatch(/H1 在卡片发出后有改动.*没有核验.*#待核验/);
    expect(s.app.deps.store.state.hazards[0]?.verified).toBeFalsy();
    // typed, with the hazard as it is now in view, it still works
    expect(await s.ask('v2', 'wangke', '#核验 H1 通过')).toMatch(/已核验 H1（东城司法所，无法整改）/);
  });

  test('the situation edited after the card: 通过 verifies nothing; a fresh #待核验 card works', async () => {
    const { s, card } = await cardForClosedHazard();
    expect(await s.ask('h3', 'zhangmin', '#修改 H1\n情况：另一件事', CHAT)).toMatch(/H1/);
    const at = s.server.frames.length;
    const req = s.server.click('e1', 'wangke', card.body.template_card.task_id, button(card, '通过'));
    expect(await shown(s, req, 'wangke', at)).toMatch(/没有核验/);
    expect(s.app.deps.store.state.hazards[0]?.verified).toBeFalsy();
    const from = s.server.frames.length;
    await s.ask('v2', 'wangke', '#待核验');
    const [fresh] = await s.server.until(() => s.server.cards(from).length === 1 && s.server.cards(from));
    const ok = s.server.click(
      'e2',
      'wangke',
      fresh?.body.template_card.task_id,
      button(fresh as Frame, '通过'),
    );
    await s.server.frame((f) => f.cmd === 'aibot_respond_update_msg' && f.headers.req_id === ok);
    expect(s.app.deps.store.state.hazards[0]?.verified).toMatchObject({ by: 'wangke' });
  });
});

import { join } from 'node:path';
import type { Bot } from '../../src/bot/Bot.js';
import { createBot } from '../../src/bot/createBot.js';
import { memoryLogger } from '../../src/bot/logger.js';
import { VirtualClock } from '../../src/bot/VirtualClock.js';
import { WecomTransport } from '../../src/transports/wecom/WecomTransport.js';
import { orgCampaign, tempDir } from './testBot.js';
import { type Frame, markdownOf, WecomServer } from './wecomServer.js';

export const CHAT = 'wrkSFfCgAAxxxxGROUP';

export interface WecomSession {
  server: WecomServer;
  app: Bot;
  transport: WecomTransport;
  clock: VirtualClock;
  logs: string[];
  /** pushes a text and returns the markdown of the reply to it (aibot_respond_msg on its req_id) */
  ask(msgid: string, userid: string, text: string, chatid?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app and the real SDK against the local server: supervisor `wangke`, admin `admin01`. */
export async function wecomSession(opts: { cardBusyMs?: number } = {}): Promise<WecomSession> {
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
      ...opts,
    },
    log,
  );
  const app = await createBot({
    campaign: orgCampaign(CHAT),
    dataDir: join(dir, 'data'),
    filesDir: join(dir, 'files'),
    transport,
    clock,
    log,
    storeNow: () => clock.now(),
  });
  await app.start();
  const replyTo = async (req: string) =>
    markdownOf(await server.frame((f: Frame) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === req)) ??
    '';
  return {
    server,
    app,
    transport,
    clock,
    logs: log.lines,
    ask: (msgid, userid, text, chatid) => replyTo(server.text(msgid, userid, text, chatid)),
    close: async () => {
      await app.close();
      await server.close();
    },
  };
}

import { join } from 'node:path';
import type { Bot } from '../../src/bot/Bot.js';
import { createBot } from '../../src/bot/createBot.js';
import { memoryLogger } from '../../src/bot/logger.js';
import { VirtualClock } from '../../src/bot/VirtualClock.js';
import type { DingtalkOptions } from '../../src/transports/dingtalk/DingtalkOptions.js';
import { DingtalkTransport } from '../../src/transports/dingtalk/DingtalkTransport.js';
import { keysNamed } from '../../src/views/keysNamed.js';
import { type DingtalkServer, type Sent, textOf } from './dingtalkServer.js';
import { orgCampaign, tempDir } from './testBot.js';

/** The group's openConversationId, as 钉钉 names it in every callback. */
export const CID = 'cidGROUPxxxxDACHUAN==';

export interface DingtalkSession {
  server: DingtalkServer;
  app: Bot;
  transport: DingtalkTransport;
  clock: VirtualClock;
  logs: string[];
  dataDir: string;
  /** sends a text and returns the text of the first message sent after it */
  ask(msgId: string, staffId: string, text: string, conversationId?: string): Promise<string>;
  /** the first message sent after index `from` that matches */
  next(from: number, match?: (s: Sent) => boolean): Promise<Sent>;
  close(): Promise<void>;
}

/**
 * The real app and our Stream client against the local server: supervisor `wangke`, admin
 * `admin01`. `dataDir`: reuse another session's store (a restart).
 */
export async function dingtalkSession(
  server: DingtalkServer,
  opts: { dataDir?: string; transport?: Partial<DingtalkOptions> } = {},
): Promise<DingtalkSession> {
  const dir = tempDir('jz-dingtalk-');
  const dataDir = opts.dataDir ?? join(dir, 'data');
  const clock = new VirtualClock(Date.parse('2022-08-05T09:00:00+08:00'));
  const log = memoryLogger();
  const transport = new DingtalkTransport(
    {
      clientId: server.clientId,
      clientSecret: server.clientSecret,
      gatewayUrl: server.gatewayUrl,
      apiUrl: server.base,
      oapiUrl: server.base,
      reconnectMs: 10,
      now: () => clock.now(),
      ...opts.transport,
    },
    log,
  );
  const app = await createBot({
    campaign: orgCampaign(CID),
    dataDir,
    filesDir: join(dir, 'files'),
    transport,
    clock,
    log,
    storeNow: () => clock.now(),
  });
  transport.mentionKeys = (names) => keysNamed(app.deps.store.state, app.deps.campaign, names);
  await app.start();
  const next = (from: number, match: (s: Sent) => boolean = () => true) =>
    server.until(() => server.since(from).find(match));
  return {
    server,
    app,
    transport,
    clock,
    logs: log.lines,
    dataDir,
    next,
    ask: async (msgId, staffId, text, conversationId) => {
      const from = server.sent.length;
      server.text(msgId, staffId, text, conversationId);
      return textOf(await next(from)) ?? '';
    },
    close: () => app.close(),
  };
}

/**
 * The programmatic entry: build the bot from a campaign, a data folder, a transport and a clock,
 * then start it. Embedding and tests need nothing else.
 *
 * ```ts
 * const clock = new VirtualClock(Date.parse('2022-08-05T09:00:00+08:00'));
 * const transport = new LocalTransport((o) => console.log(o));
 * const bot = await createBot({ campaign: 'data/campaign.json', dataDir: 'tmp/data',
 *   filesDir: 'tmp/files', transport, clock, log: stderrLogger() });
 * await bot.start();
 * await transport.inject({ id: '1', room: null, sender: { key: 'zhangmin', name: '张敏' },
 *   text: '#帮助', mentionsBot: false, at: clock.now() });
 * await bot.close();
 * ```
 */
export type { Bot } from './bot/Bot.js';
export { type BotOptions, createBot } from './bot/createBot.js';
export { memoryLogger, stderrLogger } from './bot/logger.js';
export { startSweep } from './bot/startSweep.js';
export { VirtualClock } from './bot/VirtualClock.js';
export { type Campaign, ConfigError, loadCampaign, parseCampaign } from './config/campaign.js';
export type { Arrival, Receive, Transport } from './core/Transport.js';
export type { Clock, IncomingMessage, Logger, Outgoing, Reply } from './core/types.js';
export { DataFileError } from './store/DataFileError.js';
export { LocalTransport } from './transports/LocalTransport.js';

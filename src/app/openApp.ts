import { mkdirSync } from 'node:fs';
import { COMMANDS } from '../commands/index.js';
import { type Campaign, loadCampaign } from '../config/campaign.js';
import type { Clock, Deps, Logger } from '../core/types.js';
import { Store } from '../store/Store.js';
import { Bot } from './Bot.js';
import { Engine } from './Engine.js';
import type { QueueOptions } from './OutboundQueue.js';
import type { Transport } from './Transport.js';

export interface AppOptions {
  /** the campaign file's path, or the campaign itself */
  campaign: string | Campaign;
  dataDir: string;
  /** where generated .xlsx files are written */
  filesDir: string;
  transport: Transport;
  clock: Clock;
  log: Logger;
  /** the outbound queue's pacing; default: none (console, simulate, tests) */
  queue?: QueueOptions;
  /** the store's clock for naming daily backups (default: the real time, whatever the bot's clock) */
  storeNow?: () => number;
}

/** A bot ready to start: campaign loaded, store opened, engine on the transport. */
export interface App {
  bot: Bot;
  engine: Engine;
  deps: Deps;
  /** stops the transport and closes the store */
  close(): Promise<void>;
}

/** Loads the campaign, opens the store and builds the bot; throws ConfigError/DataFileError with a clear message. */
export async function openApp(o: AppOptions): Promise<App> {
  const campaign = typeof o.campaign === 'string' ? loadCampaign(o.campaign) : o.campaign;
  mkdirSync(o.filesDir, { recursive: true });
  const store = await Store.open(o.dataDir, { now: o.storeNow ?? Date.now, log: o.log.info });
  const deps: Deps = { campaign, store, clock: o.clock, filesDir: o.filesDir, log: o.log };
  const engine = new Engine(deps, COMMANDS);
  const bot = new Bot(engine, o.transport, o.log, o.queue);
  return {
    bot,
    engine,
    deps,
    close: async () => {
      await bot.stop().catch((e) => o.log.warn(`transport stop: ${(e as Error).message}`));
      await store.close();
    },
  };
}

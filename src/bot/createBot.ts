import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { COMMANDS } from '../commands/index.js';
import { type Campaign, loadCampaign } from '../config/campaign.js';
import { oneTimeCode } from '../core/oneTimeCode.js';
import type { Transport } from '../core/Transport.js';
import type { Clock, Deps, Logger } from '../core/types.js';
import { hasGrantedAdmin } from '../core/whoIs.js';
import { Store } from '../store/Store.js';
import { Bot } from './Bot.js';
import type { QueueOptions } from './OutboundQueue.js';
import { Engine } from './Outlet.js';

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
  /** offer a one-time code for the first admin to claim the role (`npm start` on Wechaty) */
  offerClaim?: boolean;
}

/** A bot ready to start: campaign loaded, store opened, engine on the transport. */
export interface App {
  bot: Bot;
  engine: Engine;
  deps: Deps;
  /** the one-time claim code to print in the terminal, when one is on offer */
  claimCode: string | null;
  /** stops the transport and closes the store */
  close(): Promise<void>;
}

/** Loads the campaign, opens the store and builds the bot; throws ConfigError/DataFileError with a clear message. */
export async function openApp(o: AppOptions): Promise<App> {
  const campaign = typeof o.campaign === 'string' ? loadCampaign(o.campaign) : o.campaign;
  mkdirSync(o.filesDir, { recursive: true });
  const store = await Store.open(o.dataDir, { now: o.storeNow ?? Date.now, log: o.log.info });
  // The first admin claims the role with a code only someone at this computer can read.
  const claimCode =
    o.offerClaim && !hasGrantedAdmin(store.state) ? String(randomInt(0, 1_000_000)).padStart(6, '0') : null;
  const transport = o.transport;
  const deps: Deps = {
    campaign,
    store,
    clock: o.clock,
    filesDir: o.filesDir,
    log: o.log,
    ...(transport.vouch ? { vouch: (m) => transport.vouch?.(m) ?? Promise.resolve(m.sender.key) } : {}),
    claim: claimCode ? oneTimeCode(claimCode) : null,
  };
  const engine = new Engine(deps, COMMANDS);
  const leftovers = engine.adoptLeftoverExports();
  if (leftovers > 0)
    o.log.info(`exports: ${leftovers} file(s) from an earlier run will be deleted when their retention ends`);
  const bot = new Bot(engine, o.transport, o.log, o.queue);
  return {
    bot,
    engine,
    deps,
    claimCode,
    close: async () => {
      await bot.stop().catch((e) => o.log.warn(`transport stop: ${(e as Error).message}`));
      await store.close();
    },
  };
}

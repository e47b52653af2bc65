import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { type Campaign, loadCampaign } from '../config/campaign.js';
import { oneTimeCode } from '../core/oneTimeCode.js';
import type { Transport } from '../core/Transport.js';
import type { Clock, Deps, Logger } from '../core/types.js';
import { hasGrantedAdmin } from '../core/whoIs.js';
import { DEADLINES } from '../reports/deadlineIndex.js';
import { unitFacts } from '../reports/unitIndex.js';
import { Store } from '../store/Store.js';
import { SENSITIVE_TERMS } from '../views/sensitiveTerms.js';
import { Bot } from './Bot.js';
import type { JobLimits } from './JobRunner.js';
import type { QueueOptions } from './OutboundQueue.js';

export interface BotOptions {
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
  /** the heavy-job queue's limits (exports run off the message path) */
  jobs?: JobLimits;
}

/**
 * Loads the campaign, opens the store and builds the bot on the transport, ready to start;
 * throws ConfigError/DataFileError with a clear message.
 */
export async function createBot(o: BotOptions): Promise<Bot> {
  const campaign = typeof o.campaign === 'string' ? loadCampaign(o.campaign) : o.campaign;
  mkdirSync(o.filesDir, { recursive: true });
  const store = await Store.open(o.dataDir, {
    now: o.storeNow ?? Date.now,
    log: o.log.info,
    // the views replies read, kept by the store: one full pass at start-up, never on a reply
    projections: [unitFacts(campaign.units), DEADLINES, SENSITIVE_TERMS],
  });
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
  const bot = new Bot(deps, transport, {
    ...(o.queue ? { queue: o.queue } : {}),
    ...(o.jobs ? { jobs: o.jobs } : {}),
    claimCode,
  });
  const leftovers = bot.outlet.adoptLeftoverExports();
  if (leftovers > 0)
    o.log.info(`exports: ${leftovers} file(s) from an earlier run will be deleted when their retention ends`);
  return bot;
}

import { mkdirSync } from 'node:fs';
import { loadCampaign } from '../config/campaign.js';
import { Store } from '../store/Store.js';
import { Engine } from './Engine.js';
import type { Clock, Deps, Logger } from './types.js';

export interface AppOptions {
  campaignPath: string;
  dataDir: string;
  filesDir: string;
  clock: Clock;
  log: Logger;
}

/** Loads the campaign, opens the store and builds the engine; throws ConfigError/DataFileError with a clear message. */
export async function openApp(
  o: AppOptions,
): Promise<{ engine: Engine; deps: Deps; close(): Promise<void> }> {
  const campaign = loadCampaign(o.campaignPath);
  mkdirSync(o.filesDir, { recursive: true });
  // Backups are named by the real day, not by the (possibly virtual) campaign clock.
  const store = await Store.open(o.dataDir, { now: Date.now, log: o.log.info });
  const deps: Deps = { campaign, store, clock: o.clock, filesDir: o.filesDir, log: o.log };
  return { engine: new Engine(deps), deps, close: () => store.close() };
}

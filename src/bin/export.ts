import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCampaign } from '../config/campaign.js';
import type { Form } from '../domain/catalog.js';
import { exportForm } from '../reports/forms.js';
import { Store } from '../store/Store.js';
import { fail, parseCliOptions, UsageError } from './options.js';

const FORMS: Record<string, Form> = { '1': 'hazards', '2': 'keyPersons', '3': 'statistics' };

/** `npm run export -- --form 1|2|3 --out FILE [--data DIR] [--campaign FILE]`: a form without the bot, for the office computer. */
async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const form = FORMS[opts.flags.get('form') ?? ''];
  const out = opts.flags.get('out');
  if (!form || !out)
    throw new UsageError(
      '用法：npm run export -- --form 1|2|3 --out 文件.xlsx [--data 数据目录] [--campaign 活动配置]',
    );
  const campaign = loadCampaign(opts.campaign);
  // Opening the store takes its lock: run it while the bot is stopped, or on a copy of the data folder.
  const store = await Store.open(opts.data, { now: Date.now });
  const tmp = mkdtempSync(join(tmpdir(), 'jiaozheng-export-'));
  try {
    const path = await exportForm(form, store.state, campaign, tmp, {
      reporter: opts.flags.get('reporter') ?? campaign.reportTo,
      now: Date.now(),
    });
    copyFileSync(path, resolve(out));
    process.stderr.write(`已导出：${resolve(out)}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    await store.close();
  }
}

main().catch(fail);

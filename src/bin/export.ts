import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCampaign } from '../config/campaign.js';
import type { Form } from '../domain/catalog.js';
import { formatDateTime } from '../domain/dates.js';
import { exportForm } from '../reports/forms.js';
import { returnCounts } from '../reports/returnCounts.js';
import { summaryFacts } from '../reports/summary/summaryFacts.js';
import { writeSummary } from '../reports/summary/writeSummary.js';
import { unitFacts } from '../reports/unitIndex.js';
import { readSnapshot } from '../store/readSnapshot.js';
import { maskFreeText, SENSITIVE_TERMS } from '../views/sensitiveTerms.js';
import { fail, parseCliOptions, UsageError } from './options.js';

const FORMS: Record<string, Form | 'summary'> = {
  '1': 'hazards',
  '2': 'keyPersons',
  '3': 'statistics',
  summary: 'summary',
  总结: 'summary',
};

/** `npm run export -- --form 1|2|3 --out FILE [--data DIR] [--campaign FILE]`: a form without the bot, for the office computer. */
async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const form = FORMS[opts.flags.get('form') ?? ''];
  const out = opts.flags.get('out');
  if (!form || !out)
    throw new UsageError(
      '用法：npm run export -- --form 1|2|3|summary --out 文件.xlsx（summary：文件.docx） [--data 数据目录] [--campaign 活动配置] [--reporter 填报人]',
    );
  const campaign = loadCampaign(opts.campaign);
  // Only reads: a consistent snapshot of the data folder, without the writer's lock (the bot may be running).
  // the per-unit facts every form reads, built once instead of once per unit
  const state = await readSnapshot(opts.data, [unitFacts(campaign.units), SENSITIVE_TERMS]);
  // 填报人 is a person: --reporter, else the campaign's first supervisor; 填报时间 is when the data was last changed.
  const reporter = opts.flags.get('reporter') || campaign.supervisors[0];
  if (!reporter) throw new UsageError('请用 --reporter 姓名 写明填报人（活动配置里没有督导人员）。');
  const times = [
    ...state.hazards.map((h) => h.createdAt),
    ...state.keyPersons.map((p) => p.createdAt),
    ...state.figures.map((f) => f.at),
    ...state.submissions.map((s) => s.at),
  ].sort();
  const latest = times[times.length - 1];
  const now = latest ? Date.parse(latest) : Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'jiaozheng-export-'));
  try {
    const path =
      form === 'summary'
        ? await writeSummary(
            summaryFacts(state, campaign, {
              now,
              returns: returnCounts(state),
              mask: (s) => maskFreeText(s, state),
            }),
            campaign,
            tmp,
          )
        : await exportForm(form, state, campaign, tmp, { reporter, now });
    copyFileSync(path, resolve(out));
    process.stderr.write(`已导出：${resolve(out)}（填报人 ${reporter}，数据截至 ${formatDateTime(now)}）\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch(fail);

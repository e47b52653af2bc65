import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { idRange, importEvents, nextId } from '../commands/import/importEvents.js';
import { FORM_NAME, planImport, previewText } from '../commands/import/importPlan.js';
import { loadCampaign } from '../config/campaign.js';
import { UserError } from '../core/UserError.js';
import { isoAt } from '../domain/dates.js';
import { FileRefusal } from '../reports/ledgerFile/FileRefusal.js';
import { MAX_FILE_BYTES, readLedgerFile } from '../reports/ledgerFile/readLedgerFile.js';
import { Store } from '../store/Store.js';
import { fail, parseCliOptions, UsageError } from './options.js';

const USAGE =
  '用法：npm run import -- --unit 东城司法所 [--campaign 活动配置] [--data 数据目录] [--by 导入人] 文件.xlsx|文件.docx [--yes]';

/**
 * `npm run import -- --unit 东城司法所 FILE`: the preview #导入 gives, on the office computer;
 * with `--yes` the rows are stored as one change (the bot must be stopped: the data folder is locked).
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const yes = argv.includes('--yes');
  const opts = parseCliOptions(argv.filter((a) => a !== '--yes'));
  const unitLine = opts.flags.get('unit');
  const path = opts.rest[0];
  if (!unitLine || !path || opts.rest.length > 1) throw new UsageError(USAGE);
  const campaign = loadCampaign(opts.campaign);
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new UsageError(`找不到文件：${path}`);
  if (size > MAX_FILE_BYTES) throw new UsageError(`文件超过 ${MAX_FILE_BYTES / 1048576} MB，没有读取。`);
  const by = opts.flags.get('by') || '命令行导入';
  const store = await Store.open(opts.data);
  try {
    const now = Date.now();
    const content = await readLedgerFile(readFileSync(path));
    const plan = await planImport(
      content,
      basename(path),
      { name: by, unit: null, isSupervisor: true, unitLine },
      { campaign, now, state: store.state },
    );
    const hint = yes
      ? '正在登记这 {n} 条……'
      : '确认无误后，加 --yes 再运行一次即登记这 {n} 条（一次写入，全部或全不）。';
    process.stdout.write(`${previewText(plan, campaign, hint)}\n`);
    if (!yes || plan.good.length === 0) return;
    const meta = { by, unit: plan.unit, at: isoAt(now), msgId: `cli-import-${now}` };
    const first = nextId(store.state, plan.kind);
    await store.commitAll(importEvents(first, meta, plan.kind, plan.file, plan.good));
    process.stdout.write(
      `已导入 ${plan.good.length} 条${FORM_NAME[plan.kind]}记录到 ${plan.unit}（${idRange(plan.kind, first, plan.good.length)}）。\n`,
    );
  } catch (e) {
    if (e instanceof UserError || e instanceof FileRefusal) throw new UsageError(e.message);
    throw e;
  } finally {
    await store.close();
  }
}

main().catch(fail);

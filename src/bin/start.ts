import { join } from 'node:path';
import { stderrLogger } from '../app/logger.js';
import { openApp } from '../app/openApp.js';
import { startSweep } from '../app/startSweep.js';
import { launchWechaty, TransportStartError } from '../transports/launchWechaty.js';
import { fail, parseCliOptions } from './options.js';

/** WeChat throttles bursts and bans accounts that flood: one message about every 1.5 s, retried with backoff. */
const LIVE_QUEUE = { intervalMs: 1500, attempts: 4, backoffMs: 2000 };

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const log = stderrLogger();
  let sweep: { stop(): void } | null = null;
  let app: Awaited<ReturnType<typeof openApp>> | null = null;
  const exit = (code: number) => {
    sweep?.stop();
    void (app?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  const transport = await launchWechaty(process.env, opts.data, log, {
    ready: () => {
      if (app) sweep ??= startSweep(app.bot, Date.now, log);
    },
    exit,
  });
  app = await openApp({
    campaign: opts.campaign,
    dataDir: opts.data,
    filesDir: opts.files ?? join(opts.data, 'files'),
    transport,
    clock: { now: Date.now },
    log,
    queue: LIVE_QUEUE,
    offerClaim: true,
  });
  if (app.claimCode)
    // Only someone at this terminal reads it: that is what makes the first admin's claim safe.
    process.stderr.write(
      `\n还没有管理员。请管理员登录后用自己的微信私聊机器人发送：#认领 ${app.claimCode}\n（一次性验证码，输错 5 次作废；重启机器人会换新码）\n\n`,
    );
  log.info(`serving ${app.deps.campaign.groups.map((g) => g.name).join('、')}`);
  process.on('SIGINT', () => exit(0));
  process.on('SIGTERM', () => exit(0));
  try {
    await app.bot.start();
  } catch (e) {
    await app.close().catch(() => {});
    throw new TransportStartError(`微信登录服务启动失败：${(e as Error).message}`);
  }
}

main().catch(fail);

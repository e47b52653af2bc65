import { join } from 'node:path';
import { createBot } from '../bot/createBot.js';
import { stderrLogger } from '../bot/logger.js';
import { LIVE_QUEUE, type QueueOptions } from '../bot/OutboundQueue.js';
import { startSweep } from '../bot/startSweep.js';
import { loadCampaign } from '../config/campaign.js';
import type { Transport } from '../core/Transport.js';
import { chooseTransport } from '../transports/chooseTransport.js';
import { DingtalkTransport } from '../transports/dingtalk/DingtalkTransport.js';
import { launchDingtalk } from '../transports/dingtalk/launchDingtalk.js';
import { TransportStartError } from '../transports/TransportStartError.js';
import { launchWecom } from '../transports/wecom/launchWecom.js';
import { keysNamed } from '../views/keysNamed.js';
import { fail, parseCliOptions } from './options.js';

/** WeChat throttles bursts and bans accounts that flood (LIVE_QUEUE: one message about every 1.5 s, retried with backoff). */
const WECHATY_QUEUE: QueueOptions = LIVE_QUEUE;
/** A WeCom bot may send 20 messages a minute (more is throttled for 10 minutes): one every 3 s. */
const WECOM_QUEUE: QueueOptions = { intervalMs: 3000, attempts: 4, backoffMs: 2000 };

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const log = stderrLogger();
  // the campaign file first: a bad one is reported before any login (and lists every problem)
  const campaign = loadCampaign(opts.campaign);
  const kind = chooseTransport(process.env);
  let sweep: { stop(): void } | null = null;
  let bot: Awaited<ReturnType<typeof createBot>> | null = null;
  const exit = (code: number) => {
    sweep?.stop();
    void (bot?.close() ?? Promise.resolve()).finally(() => process.exit(code));
  };
  const ready = () => {
    if (!bot) return;
    sweep ??= startSweep(bot, Date.now, log);
    // after the login QR code has scrolled the first one away
    if (bot.claimCode && bot.deps.claim) printClaim(bot.claimCode);
  };
  // 企业微信 and 钉钉 are connected and authenticated here already; Wechaty logs in after start.
  const transport: Transport =
    kind === 'wecom'
      ? await launchWecom(process.env, log, { exit })
      : kind === 'dingtalk'
        ? await launchDingtalk(process.env, log)
        : // Wechaty is loaded only when it runs: it is heavy, and a 企业微信 bot never needs it.
          await (await import('../transports/launchWechaty.js')).launchWechaty(process.env, opts.data, log, {
            ready,
            exit,
          });
  bot = await createBot({
    campaign,
    dataDir: opts.data,
    filesDir: opts.files ?? join(opts.data, 'files'),
    transport,
    clock: { now: Date.now },
    log,
    queue: kind === 'wechaty' ? WECHATY_QUEUE : WECOM_QUEUE,
    // WeCom and 钉钉 vouch for userids, so its admins are named in the campaign file; on Wechaty no key
    // exists before the bot writes one, so the first admin claims the role with a one-time code.
    offerClaim: kind === 'wechaty',
  });
  if (bot.claimCode) printClaim(bot.claimCode);
  if (transport instanceof DingtalkTransport) {
    const { store, campaign: c } = bot.deps;
    transport.mentionKeys = (names) => keysNamed(store.state, c, names);
  }
  if (kind === 'wechaty') {
    const names = [...campaign.admins, ...campaign.supervisors].filter((k) => !/^jz:[0-9a-f]{16}$/.test(k));
    if (names.length > 0)
      log.warn(
        `活动配置里的 ${names.join('、')} 在个人微信上认不出任何人（个人微信只认机器人写在备注里的标记）：管理员请用验证码 #认领，督导发送 #绑定 督导 由管理员批准。`,
      );
  }
  log.info(
    `开始服务：${bot.deps.campaign.groups.map((g) => g.name).join('、')}（${kind === 'wecom' ? '企业微信' : '微信'}）`,
  );
  process.on('SIGINT', () => exit(0));
  process.on('SIGTERM', () => exit(0));
  try {
    await bot.start();
  } catch (e) {
    await bot.close().catch(() => {});
    if (e instanceof TransportStartError) throw e;
    throw new TransportStartError(`微信登录服务启动失败：${(e as Error).message}`);
  }
  if (kind !== 'wechaty') ready();
}

/** Only someone at this terminal reads it: that is what makes the first admin's claim safe. */
function printClaim(code: string): void {
  process.stderr.write(
    `\n还没有管理员。请管理员加机器人为好友后私聊机器人发送：#认领 ${code}\n（一次性验证码，输错 5 次或发在群里即作废；重启机器人会换新码）\n\n`,
  );
}

main().catch(fail);

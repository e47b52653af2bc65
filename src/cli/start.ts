import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import qrcode from 'qrcode-terminal';
import { WechatyBuilder } from 'wechaty';
import { attachEngine } from '../bot/wechatyTransport.js';
import { stderrLogger } from '../engine/logger.js';
import { openApp } from '../engine/openApp.js';
import { startSweep } from '../reminders/startSweep.js';
import { fail, parseCliOptions } from './options.js';

const DEFAULT_PUPPET = 'wechaty-puppet-wechat4u';
/** The web protocol's login host: if it cannot be resolved, there is no network to log in with. */
const WECHAT_LOGIN_HOST = 'login.wx.qq.com';
const LOGIN_WAIT_MS = 60_000;

async function main(): Promise<void> {
  const opts = parseCliOptions(process.argv.slice(2));
  const log = stderrLogger();
  const puppet = process.env.WECHATY_PUPPET || DEFAULT_PUPPET;
  if (puppet === DEFAULT_PUPPET) {
    try {
      await Promise.race([
        lookup(WECHAT_LOGIN_HOST),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 8000)),
      ]);
    } catch {
      process.stderr.write(
        `无法连接微信服务器（${WECHAT_LOGIN_HOST} 无法解析：网络不通？）。请检查网络后重试；不登录微信试用请运行 npm run console。\n`,
      );
      process.exit(1);
    }
  }
  const app = await openApp({
    campaignPath: opts.campaign,
    dataDir: opts.data,
    filesDir: opts.files ?? join(opts.data, 'files'),
    clock: { now: Date.now },
    log,
  });
  const token = process.env.WECHATY_PUPPET_SERVICE_TOKEN;
  const bot = WechatyBuilder.build({
    // A named instance keeps its login session in data/ across restarts.
    name: join(opts.data, 'wechaty-session'),
    puppet: puppet as never,
    ...(token ? { puppetOptions: { token } } : {}),
  });
  const outbox = attachEngine(bot, app.engine, log, { intervalMs: 1500, attempts: 4, backoffMs: 2000 });
  let sweep: { stop(): void } | null = null;
  const loginTimer = setTimeout(() => {
    process.stderr.write('等待微信登录超时：没有收到二维码或登录事件（网络不通或协议不可用？）。\n');
    process.exit(1);
  }, LOGIN_WAIT_MS);
  bot.on('scan', (qr, status) => {
    clearTimeout(loginTimer);
    process.stderr.write(
      `请用机器人微信号扫码登录（状态 ${status}）：\nhttps://wechaty.js.org/qrcode/${encodeURIComponent(qr)}\n`,
    );
    qrcode.generate(qr, { small: true }, (art) => process.stderr.write(`${art}\n`));
  });
  bot.on('login', (user) => {
    clearTimeout(loginTimer);
    log.info(`logged in as ${user.name()}; serving ${app.deps.campaign.groups.join('、')}`);
    sweep ??= startSweep(app.engine, Date.now, (o) => outbox.push(o), log);
  });
  bot.on('logout', (user, reason) => {
    // A supervisor process (systemd, pm2) restarts us; the session file lets us log in again.
    log.error(`logged out (${user.name()}): ${reason ?? ''}; exiting for a restart`);
    sweep?.stop();
    void app.close().finally(() => process.exit(3));
  });
  const shutdown = () => {
    sweep?.stop();
    void bot
      .stop()
      .catch(() => {})
      .finally(() => app.close().finally(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  try {
    await bot.start();
  } catch (e) {
    process.stderr.write(`微信登录服务启动失败：${(e as Error).message}\n`);
    await app.close();
    process.exit(1);
  }
}

main().catch(fail);

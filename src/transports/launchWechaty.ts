import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import qrcode from 'qrcode-terminal';
import { WechatyBuilder } from 'wechaty';
import type { Logger } from '../core/types.js';
import { TransportStartError } from './TransportStartError.js';
import { WechatyTransport } from './wechatyTransport.js';

const DEFAULT_PUPPET = 'wechaty-puppet-wechat4u';
/** The web protocol's login host: if it cannot be resolved, there is no network to log in with. */
const WECHAT_LOGIN_HOST = 'login.wx.qq.com';
const LOGIN_WAIT_MS = 60_000;

// In its own file, so the CLI's error handling does not load Wechaty (1.2 s) into every command.
export { TransportStartError };

export interface LiveHooks {
  /** the bot is logged in and may send: start the reminder sweep */
  ready(): void;
  /** the session ended for good: stop and exit with this code */
  exit(code: number): void;
}

/**
 * Builds the Wechaty transport from the environment (`WECHATY_PUPPET`, `WECHATY_PUPPET_SERVICE_TOKEN`),
 * after checking the network where the default puppet needs it. The login QR code is printed on
 * stderr; the session is kept in the data folder so a restart rarely needs a new scan.
 */
export async function launchWechaty(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  log: Logger,
  hooks: LiveHooks,
): Promise<WechatyTransport> {
  const puppet = env.WECHATY_PUPPET || DEFAULT_PUPPET;
  if (puppet === DEFAULT_PUPPET) {
    try {
      await Promise.race([
        lookup(WECHAT_LOGIN_HOST),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 8000)),
      ]);
    } catch {
      throw new TransportStartError(
        `无法连接微信服务器（${WECHAT_LOGIN_HOST} 无法解析：网络不通？）。请检查网络后重试；不登录微信试用请运行 npm run console。`,
      );
    }
  }
  const token = env.WECHATY_PUPPET_SERVICE_TOKEN;
  const wechaty = WechatyBuilder.build({
    // A named instance keeps its login session in the data folder across restarts.
    name: join(dataDir, 'wechaty-session'),
    puppet: puppet as never,
    ...(token ? { puppetOptions: { token } } : {}),
  });
  const loginTimer = setTimeout(() => {
    process.stderr.write('等待微信登录超时：没有收到二维码或登录事件（网络不通或协议不可用？）。\n');
    hooks.exit(1);
  }, LOGIN_WAIT_MS);
  wechaty.on('scan', (qr, status) => {
    clearTimeout(loginTimer);
    process.stderr.write(
      `请用机器人微信号扫码登录（状态 ${status}）：\nhttps://wechaty.js.org/qrcode/${encodeURIComponent(qr)}\n`,
    );
    qrcode.generate(qr, { small: true }, (art) => process.stderr.write(`${art}\n`));
  });
  wechaty.on('login', (user) => {
    clearTimeout(loginTimer);
    log.info(`logged in as ${user.name()}`);
    hooks.ready();
  });
  wechaty.on('logout', (user, reason) => {
    // A supervisor process (systemd, pm2) restarts us; the session file lets us log in again.
    log.error(`logged out (${user.name()}): ${reason ?? ''}; exiting for a restart`);
    hooks.exit(3);
  });
  return new WechatyTransport(wechaty, log);
}

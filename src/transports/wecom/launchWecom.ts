import { readFileSync } from 'node:fs';
import type { Logger } from '../../core/types.js';
import type { LiveHooks } from '../launchWechaty.js';
import { TransportStartError } from '../TransportStartError.js';
import { WecomTransport } from './WecomTransport.js';

/** Which transport `npm start` runs: kept here for the callers that import it from 企业微信. */
export { chooseTransport } from '../chooseTransport.js';

/**
 * Connects the 企业微信 智能机器人 from the environment (`WECOM_BOT_ID`, `WECOM_BOT_SECRET`,
 * `WECOM_WS_URL` for a private deployment, `WECOM_CA_FILE` for its own CA) and resolves once the server accepted it; a refused
 * secret or no network rejects with one clear line. Messages that arrive before the bot starts wait.
 */
export async function launchWecom(
  env: NodeJS.ProcessEnv,
  log: Logger,
  hooks: Pick<LiveHooks, 'exit'>,
): Promise<WecomTransport> {
  const botId = env.WECOM_BOT_ID?.trim();
  const secret = env.WECOM_BOT_SECRET?.trim();
  if (!botId || !secret)
    throw new TransportStartError(
      '缺少企业微信机器人凭证：请设置环境变量 WECOM_BOT_ID 和 WECOM_BOT_SECRET（企业微信管理后台 → 智能机器人 → API 模式）。',
    );
  const caFile = env.WECOM_CA_FILE?.trim();
  const transport = new WecomTransport(
    {
      botId,
      secret,
      wsUrl: env.WECOM_WS_URL?.trim() || undefined,
      ca: caFile ? readCa(caFile) : undefined,
      onLost: () => hooks.exit(3),
    },
    log,
  );
  await transport.connect();
  return transport;
}

/** The CA file of a private deployment, read once at start: a wrong path is one line, not a stack. */
function readCa(path: string): Buffer {
  let pem: Buffer;
  try {
    pem = readFileSync(path);
  } catch (e) {
    throw new TransportStartError(
      `无法读取 WECOM_CA_FILE 指定的证书文件 ${path}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）：请核对路径和读取权限。`,
    );
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----'))
    throw new TransportStartError(
      `WECOM_CA_FILE 指定的 ${path} 不是 PEM 格式的证书（应以 -----BEGIN CERTIFICATE----- 开头）：请换成 CA 证书文件。`,
    );
  return pem;
}

import type { Logger } from '../../core/types.js';
import type { LiveHooks } from '../launchWechaty.js';
import { TransportStartError } from '../TransportStartError.js';
import { WecomTransport } from './WecomTransport.js';

/** The transport `npm start` runs: `BOT_TRANSPORT`, else 企业微信 when its credentials are set. */
export function chooseTransport(env: NodeJS.ProcessEnv): 'wecom' | 'wechaty' {
  const asked = env.BOT_TRANSPORT?.trim().toLowerCase();
  if (asked === 'wecom' || asked === 'wechaty') return asked;
  if (asked)
    throw new TransportStartError(
      `BOT_TRANSPORT=${env.BOT_TRANSPORT} 无效：应为 wecom（企业微信）或 wechaty（个人微信）。`,
    );
  return env.WECOM_BOT_ID && env.WECOM_BOT_SECRET ? 'wecom' : 'wechaty';
}

/**
 * Connects the 企业微信 智能机器人 from the environment (`WECOM_BOT_ID`, `WECOM_BOT_SECRET`,
 * `WECOM_WS_URL` for a private deployment) and resolves once the server accepted it; a refused
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
  const transport = new WecomTransport(
    {
      botId,
      secret,
      wsUrl: env.WECOM_WS_URL?.trim() || undefined,
      onLost: () => hooks.exit(3),
    },
    log,
  );
  await transport.connect();
  return transport;
}

import { TransportStartError } from './TransportStartError.js';

/** The chat platforms `npm start` can run on. */
export type TransportKind = 'wecom' | 'dingtalk' | 'wechaty';

/**
 * The transport `npm start` runs: `BOT_TRANSPORT`, else 企业微信 when its credentials are set, else
 * 钉钉 when its credentials are set, else Wechaty.
 */
export function chooseTransport(env: NodeJS.ProcessEnv): TransportKind {
  const asked = env.BOT_TRANSPORT?.trim().toLowerCase();
  if (asked === 'wecom' || asked === 'wechaty' || asked === 'dingtalk') return asked;
  if (asked)
    throw new TransportStartError(
      `BOT_TRANSPORT=${env.BOT_TRANSPORT} 无效：应为 wecom（企业微信）、dingtalk（钉钉）或 wechaty（个人微信）。`,
    );
  if (env.WECOM_BOT_ID && env.WECOM_BOT_SECRET) return 'wecom';
  return env.DINGTALK_CLIENT_ID && env.DINGTALK_CLIENT_SECRET ? 'dingtalk' : 'wechaty';
}

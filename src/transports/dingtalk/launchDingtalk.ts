import type { Logger } from '../../core/types.js';
import { TransportStartError } from '../TransportStartError.js';
import { DingtalkTransport } from './DingtalkTransport.js';

/**
 * Connects the 钉钉 robot from the environment (`DINGTALK_CLIENT_ID`, `DINGTALK_CLIENT_SECRET`,
 * `DINGTALK_ROBOT_CODE` when it differs from the Client ID, and `DINGTALK_GATEWAY_URL`,
 * `DINGTALK_API_URL`, `DINGTALK_OAPI_URL` to point elsewhere) and resolves once the Stream
 * connection is open and the OpenAPI issued a token; a refused secret or no network rejects with
 * one clear line. Messages that arrive before the bot starts wait.
 */
export async function launchDingtalk(env: NodeJS.ProcessEnv, log: Logger): Promise<DingtalkTransport> {
  const clientId = env.DINGTALK_CLIENT_ID?.trim();
  const clientSecret = env.DINGTALK_CLIENT_SECRET?.trim();
  if (!clientId || !clientSecret)
    throw new TransportStartError(
      '缺少钉钉应用凭证：请设置环境变量 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET（钉钉开发者后台 → 应用 → 凭证与基础信息）。',
    );
  const transport = new DingtalkTransport(
    {
      clientId,
      clientSecret,
      robotCode: env.DINGTALK_ROBOT_CODE?.trim() || undefined,
      gatewayUrl: env.DINGTALK_GATEWAY_URL?.trim() || undefined,
      apiUrl: env.DINGTALK_API_URL?.trim() || undefined,
      oapiUrl: env.DINGTALK_OAPI_URL?.trim() || undefined,
    },
    log,
  );
  await transport.connect();
  // the token now, so a secret the OpenAPI refuses is said at start, not at the first reply
  await transport.api.accessToken().catch(async (e) => {
    await transport.stop();
    throw new TransportStartError(
      `钉钉 OpenAPI 拒绝发放 access token（${(e as Error).message}）：请核对 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET，并确认应用已发布${env.DINGTALK_API_URL ? '，以及 DINGTALK_API_URL' : ''}。`,
    );
  });
  return transport;
}

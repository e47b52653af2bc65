/** How `DingtalkTransport` connects, and its timings. */
export interface DingtalkOptions {
  /** the app's Client ID (AppKey), 钉钉开发者后台 → 应用 → 凭证与基础信息 */
  clientId: string;
  /** the app's Client Secret (AppSecret) */
  clientSecret: string;
  /** the robot's code (机器人 → robotCode); default: the Client ID, which it equals for an app's own robot */
  robotCode?: string;
  /** the Stream gateway (default https://api.dingtalk.com/v1.0/gateway/connections/open) */
  gatewayUrl?: string;
  /** the OpenAPI base (default https://api.dingtalk.com) */
  apiUrl?: string;
  /** the old API base, for media uploads (default https://oapi.dingtalk.com) */
  oapiUrl?: string;
  /** first reconnect delay, doubled up to 30 s (default 1000 ms) */
  reconnectMs?: number;
  /** how often the connection is checked and pinged (default 10 s) */
  watchdogMs?: number;
  /** no frame nor pong for this long: the connection is dead, reconnect (default 90 s) */
  silenceMs?: number;
  /** how long the first connection may take (default 30 s) */
  connectTimeoutMs?: number;
  /** the time stamped on messages and compared with a sessionWebhook's expiry (default Date.now) */
  now?: () => number;
}

export const DEFAULT_GATEWAY_URL = 'https://api.dingtalk.com/v1.0/gateway/connections/open';
export const DEFAULT_API_URL = 'https://api.dingtalk.com';
export const DEFAULT_OAPI_URL = 'https://oapi.dingtalk.com';
/** The one topic subscribed: messages to the robot (single chats, and group messages that @ it). */
export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';

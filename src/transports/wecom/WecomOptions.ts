/** How `WecomTransport` connects, and its timings. */
export interface WecomOptions {
  botId: string;
  secret: string;
  /** a private deployment's address (政务微信); default: the SDK's wss://openws.work.weixin.qq.com */
  wsUrl?: string;
  /**
   * CA certificates (PEM) to trust for `wsUrl`: a 政务微信 or private deployment whose certificate
   * is signed by its own CA. Node's `ca` replaces the default roots for this connection only, so
   * the file names the CA of that deployment and nothing else is trusted on it.
   */
  ca?: Buffer;
  /** the SDK's first reconnect delay, doubled up to 30 s (default 1000 ms) */
  reconnectInterval?: number;
  /** the SDK's heartbeat (default 30000 ms) */
  heartbeatInterval?: number;
  /** reconnects after a lost connection before giving up; -1: never give up (default) */
  maxReconnectAttempts?: number;
  /** how long `connect` waits for the server to accept the bot (default 30 s) */
  connectTimeoutMs?: number;
  /** the time stamped on incoming messages (default Date.now) */
  now?: () => number;
  /** how long a clicked card waits for its command's reply before showing 处理中 (default 3 s; WeCom allows 5) */
  cardBusyMs?: number;
  /** the connection is gone for good (taken over by another program, reconnects exhausted): one line */
  onLost?: (line: string) => void;
}

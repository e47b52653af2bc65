import WebSocket from 'ws';
import type { Logger } from '../../core/types.js';
import { TransportStartError } from '../TransportStartError.js';
import { DEFAULT_GATEWAY_URL, type DingtalkOptions, TOPIC_ROBOT } from './DingtalkOptions.js';

/** One frame of the Stream protocol, as the server sends it. */
export interface StreamFrame {
  specVersion?: string;
  type: 'SYSTEM' | 'EVENT' | 'CALLBACK';
  headers: { topic?: string; messageId?: string; contentType?: string; time?: string; [k: string]: unknown };
  data?: string;
}

const MAX_BACKOFF_MS = 30_000;

/** The code Node or undici gives a failed connection (ECONNREFUSED, ENOTFOUND…). */
function codeOf(e: unknown): string {
  const err = e as { code?: string; cause?: { code?: string; message?: string }; message?: string };
  return err?.cause?.code ?? err?.code ?? err?.cause?.message ?? err?.message ?? String(e);
}

/**
 * A thin client of 钉钉's Stream mode, written here rather than taken from `dingtalk-stream`: that
 * SDK hardcodes the gateway address, swallows every connection failure (a wrong secret retries
 * forever in silence), replaces a socket without closing the old one and keeps a reconnect queued
 * after `disconnect()` (leaked connections), and leaves its heartbeat timer behind on each reconnect.
 *
 * Here one socket at most is open: before a new one the old one is terminated and its listeners
 * removed; one reconnect at most is pending; `stop()` cancels it. A watchdog pings and reconnects
 * when nothing (no frame, no pong) came for `silenceMs`. Each ticket is asked anew from the gateway
 * (tickets are single-use). Every CALLBACK is acknowledged the moment it arrives, before it is
 * handled, so the server never redelivers it after its ~60 s wait.
 */
export class StreamClient {
  private socket: WebSocket | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private lastHeard = 0;
  private backoff: number;
  private readonly now: () => number;
  /** connections opened so far (the first is 1) */
  connections = 0;

  /** A reconnect is waiting to run (none after `stop`). */
  get reconnecting(): boolean {
    return this.retry !== null;
  }

  constructor(
    private readonly opts: DingtalkOptions,
    private readonly log: Logger,
    private readonly onCallback: (topic: string, data: string) => void,
  ) {
    // network liveness is measured in real time, whatever clock the campaign runs on
    this.now = Date.now;
    this.backoff = opts.reconnectMs ?? 1000;
  }

  private get gatewayUrl(): string {
    return this.opts.gatewayUrl || DEFAULT_GATEWAY_URL;
  }

  /**
   * Opens the first connection. Rejects with one clear line when the gateway refuses the Client ID
   * or secret, cannot be reached, or does not answer in time: retrying would not help an operator
   * who typed a wrong secret.
   */
  async connect(): Promise<void> {
    this.stopped = false;
    const timeout = this.opts.connectTimeoutMs ?? 30_000;
    try {
      await this.open(timeout);
    } catch (e) {
      // stopped while connecting (the bot is shutting down): nothing failed that anyone must hear of
      if (this.stopped) return;
      if (e instanceof TransportStartError) throw e;
      throw new TransportStartError(
        `无法连接钉钉 Stream 网关 ${this.gatewayUrl}（${codeOf(e)}）：网络不通？请检查网络${this.opts.gatewayUrl ? '和 DINGTALK_GATEWAY_URL' : ''}后重试。`,
      );
    }
    if (this.stopped) return;
    this.watchdog = setInterval(() => this.check(), this.opts.watchdogMs ?? 10_000);
    this.watchdog.unref();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.watchdog) clearInterval(this.watchdog);
    this.retry = this.watchdog = null;
    this.drop();
  }

  /** Asks the gateway for an endpoint and a ticket, then opens the WebSocket; resolves once it is open. */
  private async open(timeout: number): Promise<void> {
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.opts.clientId,
        clientSecret: this.opts.clientSecret,
        subscriptions: [{ type: 'CALLBACK', topic: TOPIC_ROBOT }],
        ua: 'jiaozheng-bot',
      }),
      signal: AbortSignal.timeout(timeout),
    });
    const body = (await res.json().catch(() => ({}))) as {
      endpoint?: string;
      ticket?: string;
      code?: string;
      message?: string;
    };
    if (res.status >= 400 && res.status < 500)
      throw new TransportStartError(
        `钉钉拒绝了应用凭证（${body.message ?? body.code ?? `HTTP ${res.status}`}）：请核对环境变量 DINGTALK_CLIENT_ID 和 DINGTALK_CLIENT_SECRET（钉钉开发者后台 → 应用 → 凭证与基础信息）。`,
      );
    if (!res.ok || !body.endpoint || !body.ticket)
      throw new Error(`gateway HTTP ${res.status} ${body.message ?? ''}`.trim());
    // stopped while the gateway answered: no socket is opened after stop()
    if (this.stopped) return;
    const url = `${body.endpoint}${body.endpoint.includes('?') ? '&' : '?'}ticket=${encodeURIComponent(body.ticket)}`;
    this.drop();
    const ws = new WebSocket(url, { handshakeTimeout: timeout });
    this.socket = ws;
    // listening before the socket opens: the server speaks the moment it accepts
    ws.on('message', (d) => this.frame(ws, d.toString()));
    ws.on('pong', () => {
      this.lastHeard = this.now();
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (e: unknown) => {
        ws.off('open', opened);
        reject(e instanceof Error ? e : new Error('closed before open'));
      };
      const opened = () => {
        ws.off('error', failed);
        ws.off('close', failed);
        resolve();
      };
      ws.once('open', opened);
      ws.once('error', failed);
      ws.once('close', failed);
    });
    this.connections++;
    this.lastHeard = this.now();
    this.backoff = this.opts.reconnectMs ?? 1000;
    ws.on('error', (e) => this.lost(ws, `socket error: ${codeOf(e)}`));
    ws.on('close', (code) => this.lost(ws, `closed (${code})`));
  }

  /**
   * Terminates the current socket, if any: never two sockets at once. Its late events are ignored
   * (`lost` only acts on the current socket); a late error must not crash the process.
   */
  private drop(): void {
    const ws = this.socket;
    this.socket = null;
    if (!ws) return;
    ws.on('error', () => {});
    ws.terminate();
  }

  /** The socket `ws` is gone (or must go): one reconnect is scheduled, unless stopped. */
  private lost(ws: WebSocket, why: string): void {
    if (ws !== this.socket || this.stopped) return;
    this.log.warn(`dingtalk: connection lost (${why}); reconnecting`);
    this.drop();
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      if (this.stopped) return;
      this.open(this.opts.connectTimeoutMs ?? 30_000).then(
        () => {
          if (this.stopped) this.drop();
          else this.log.info('dingtalk: reconnected');
        },
        (e) => {
          this.log.warn(`dingtalk: reconnect failed (${(e as Error).message ?? codeOf(e)}); retrying`);
          const next = this.backoff;
          this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
          this.schedule(next);
        },
      );
    }, delay);
  }

  /** The watchdog: a silent connection (no frame, no pong) is dead even when TCP says open. */
  private check(): void {
    const ws = this.socket;
    if (!ws || this.stopped) return;
    if (this.now() - this.lastHeard > (this.opts.silenceMs ?? 90_000)) {
      this.lost(ws, 'silent');
      return;
    }
    if (ws.readyState === WebSocket.OPEN) ws.ping();
  }

  private frame(ws: WebSocket, raw: string): void {
    if (ws !== this.socket) return;
    this.lastHeard = this.now();
    let f: StreamFrame;
    try {
      f = JSON.parse(raw) as StreamFrame;
    } catch {
      this.log.warn('dingtalk: a frame that is not JSON: ignored');
      return;
    }
    const messageId = f.headers?.messageId;
    if (f.type === 'SYSTEM') {
      if (f.headers?.topic === 'ping')
        ws.send(JSON.stringify({ code: 200, headers: f.headers, message: 'OK', data: f.data }));
      // the server stops delivering on this connection and closes it shortly: open a new one now
      else if (f.headers?.topic === 'disconnect') this.lost(ws, 'server asked to reconnect');
      return;
    }
    if (!messageId) return;
    // acknowledged at once: handling may take long (a download), and an unanswered callback is
    // delivered again after about 60 s
    const data = f.type === 'CALLBACK' ? { response: null } : { status: 'SUCCESS', message: 'success' };
    ws.send(
      JSON.stringify({
        code: 200,
        headers: { contentType: 'application/json', messageId },
        message: 'OK',
        data: JSON.stringify(data),
      }),
    );
    if (f.type === 'CALLBACK' && f.headers.topic && typeof f.data === 'string')
      this.onCallback(f.headers.topic, f.data);
  }
}

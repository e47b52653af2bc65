import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type BaseMessage, type EventMessage, WSClient, type WsFrame } from '@wecom/aibot-node-sdk';
import type { Arrival, Receive, Transport } from '../../core/Transport.js';
import type { ActionCard, IncomingMessage, Logger, Outgoing } from '../../core/types.js';
import { TransportStartError } from '../TransportStartError.js';
import { CardClicks } from './CardClicks.js';
import { downloadMedia, lazyAttachment } from './downloadMedia.js';
import { plainMarkdown } from './plainMarkdown.js';
import { splitByBytes } from './splitByBytes.js';
import { type Attachment, attachmentsOf, toIncoming } from './toIncoming.js';
import type { WecomOptions } from './WecomOptions.js';
import { Welcomes } from './Welcomes.js';

export type { WecomOptions } from './WecomOptions.js';

/**
 * Most UTF-8 bytes in one markdown message. A streamed reply takes 20480 (the SDK's StreamReplyBody);
 * WeCom's bot markdown pushed to a chat takes 4096 (errcode 40058 beyond): every message keeps
 * under the smaller one, and a longer text goes out as several messages.
 */
export const MAX_MARKDOWN_BYTES = 4000;
/** How many recent messages are kept to reply into (their req_id) and to recognise a redelivery. */
const REMEMBERED_MESSAGES = 500;

type Part = { markdown: string } | { file: string; image?: boolean } | { card: ActionCard };
/** Cards sent with one reply at most (the text lists the rest). */
const MAX_CARDS = 10;

/** Node's codes for a certificate chain it cannot trust: what a missing WECOM_CA_FILE looks like. */
const UNTRUSTED_CERT = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

interface Remembered {
  frame: WsFrame<BaseMessage>;
  /** its req_id was used for a reply already: further messages are pushed to the chat */
  answered: boolean;
  attachments: Attachment[];
}

function asError(e: unknown): Error {
  if (e instanceof Error) return e;
  const f = e as { errcode?: number; errmsg?: string };
  return new Error(`企业微信返回 errcode ${f?.errcode}：${f?.errmsg ?? JSON.stringify(e)}`);
}

/**
 * 企业微信 智能机器人 (API mode, long connection) on the `Transport` interface, through the official
 * SDK. People are their `userid`, groups their `chatid`. A reply answers its message with
 * `aibot_respond_msg` on that message's req_id; anything else (a second reply, a reminder, a notice
 * to a person) is pushed with `aibot_send_msg` to the chat or the person. Files go up with the
 * SDK's chunked media upload. A redelivered message it still remembers is not read again (the bot
 * drops every repeat, whatever the reconnects).
 */
export class WecomTransport implements Transport {
  readonly client: WSClient;
  private receive: Receive | null = null;
  private readonly waiting: Arrival[] = [];
  private readonly messages = new Map<string, Remembered>();
  /** parts of a message already delivered, so a retry by the outbound queue resumes after them */
  private readonly progress = new WeakMap<Outgoing, number>();
  private ready = false;
  private readonly now: () => number;
  private readonly cards: CardClicks;
  private readonly welcomes: Welcomes;

  constructor(
    private readonly opts: WecomOptions,
    private readonly log: Logger,
  ) {
    this.now = opts.now ?? Date.now;
    // The SDK's own chatter stays out of the log; its warnings count once the bot is connected
    // (before that, `connect` reports the outcome in one line).
    const quiet = () => {};
    const warn = (m: string, ...a: unknown[]) => {
      if (this.ready) log.warn(`wecom: ${[m, ...a].join(' ')}`);
    };
    this.client = new WSClient({
      botId: opts.botId,
      secret: opts.secret,
      wsUrl: opts.wsUrl,
      reconnectInterval: opts.reconnectInterval ?? 1000,
      heartbeatInterval: opts.heartbeatInterval ?? 30_000,
      maxReconnectAttempts: opts.maxReconnectAttempts ?? -1,
      wsOptions: { handshakeTimeout: opts.connectTimeoutMs ?? 30_000, ...(opts.ca ? { ca: opts.ca } : {}) },
      logger: { debug: quiet, info: quiet, warn, error: warn },
    });
    this.cards = new CardClicks(this.client, log, this.now, opts.cardBusyMs);
    this.welcomes = new Welcomes(this.client, log, this.now);
    this.client.on('message', (frame) => this.arrive(frame));
    this.client.on('event.template_card_event', (f) =>
      this.event(this.cards.arrive(f as WsFrame<EventMessage>)),
    );
    this.client.on('event.enter_chat', (f) => this.event(this.welcomes.arrive(f as WsFrame<EventMessage>)));
    this.client.on('authenticated', () => {
      if (this.ready) log.info('wecom: reconnected');
    });
    this.client.on('disconnected', (reason) => {
      if (this.ready) log.warn(`wecom: disconnected (${reason}); the SDK reconnects`);
    });
    this.client.on('event.disconnected_event', () =>
      this.lost(
        '企业微信断开了本连接：另一个程序用同一个机器人（同一 Bot ID）连上了。同一机器人只能运行一个程序。',
      ),
    );
    this.client.on('error', (e) => {
      if (!this.ready) return;
      if (e.name === 'WSReconnectExhaustedError' || e.name === 'WSAuthFailureError')
        this.lost(`企业微信连接中断且重连失败（${e.message}）：请检查网络后重启。`);
      else log.warn(`wecom: ${e.message}`);
    });
  }

  /**
   * Connects and authenticates. Rejects with one clear line when the server refuses the bot id
   * or secret, cannot be reached, or does not answer: retrying would not help an operator who
   * typed a wrong secret, so the first refusal ends it.
   */
  connect(): Promise<void> {
    const url = this.opts.wsUrl || 'wss://openws.work.weixin.qq.com';
    return new Promise<void>((resolve, reject) => {
      const done = (e?: Error) => {
        clearTimeout(timer);
        this.client.off('authenticated', onAuth);
        this.client.off('error', onError);
        if (!e) {
          this.ready = true;
          this.log.info(`wecom: connected to ${url} as bot ${this.opts.botId}`);
          resolve();
          return;
        }
        this.client.disconnect();
        reject(e);
      };
      const onAuth = () => done();
      const onError = (e: Error & { code?: string }) => {
        const m = /^Authentication failed: (.*)$/.exec(e.message);
        done(
          new TransportStartError(
            m
              ? `企业微信拒绝了机器人的认证（${m[1]}）：请核对环境变量 WECOM_BOT_ID 和 WECOM_BOT_SECRET（企业微信管理后台 → 智能机器人 → API 模式 → 长连接）。`
              : UNTRUSTED_CERT.has(e.code ?? '')
                ? `企业微信服务器 ${url} 的证书不受信任（${e.code}）：私有化部署（政务微信等）请把环境变量 WECOM_CA_FILE 设为签发该证书的 CA 证书文件（PEM）${this.opts.ca ? '，并核对所设文件是否正是这个 CA' : ''}。`
                : `无法连接企业微信服务器 ${url}（${e.code ?? e.message}）：网络不通？请检查网络${this.opts.wsUrl ? '和 WECOM_WS_URL' : ''}后重试。`,
          ),
        );
      };
      const timer = setTimeout(
        () =>
          done(
            new TransportStartError(
              `连接企业微信服务器 ${url} 超时：网络不通或被防火墙拦截？请检查网络后重试。`,
            ),
          ),
        this.opts.connectTimeoutMs ?? 30_000,
      );
      this.client.on('authenticated', onAuth);
      this.client.on('error', onError);
      this.client.connect();
    });
  }

  /** Hands every message to `receive` (those that arrived since `connect` first); connects if needed. */
  async start(receive: Receive): Promise<void> {
    this.receive = receive;
    if (!this.ready) await this.connect();
    for (const m of this.waiting.splice(0)) this.handOver(m);
  }

  async send(o: Outgoing): Promise<void> {
    if (!this.progress.has(o) && ((await this.welcomes.answer(o)) || (await this.cards.answer(o)))) return;
    const parts: Part[] =
      'file' in o.reply
        ? [{ file: o.reply.file, image: o.reply.image === true }]
        : [
            ...splitByBytes(plainMarkdown(o.reply.text), MAX_MARKDOWN_BYTES).map((markdown) => ({
              markdown,
            })),
            ...(o.reply.cards ?? []).slice(0, MAX_CARDS).map((card) => ({ card })),
          ];
    const remembered = o.inReplyTo ? this.messages.get(o.inReplyTo) : undefined;
    const target = 'room' in o.to ? o.to.room : o.to.person;
    for (let i = this.progress.get(o) ?? 0; i < parts.length; i++) {
      const part = parts[i] as Part;
      if ('card' in part)
        await this.client
          .sendMessage(target, { msgtype: 'template_card', template_card: this.cards.card(part.card, o.to) })
          .catch((e) => Promise.reject(asError(e)));
      else await this.deliver(part, target, remembered);
      this.progress.set(o, i + 1);
    }
  }

  async stop(): Promise<void> {
    this.ready = false;
    this.receive = null;
    this.client.removeAllListeners();
    this.client.disconnect();
  }

  /** The images and files message `messageId` carried (for commands that take evidence). */
  attachments(messageId: string): Attachment[] {
    return this.messages.get(messageId)?.attachments ?? [];
  }

  /** Downloads one attachment (at most `maxBytes`) and decrypts it with its per-file key. */
  async download(a: Attachment, maxBytes: number): Promise<{ buffer: Buffer; filename?: string }> {
    return downloadMedia(a.url, a.aeskey, maxBytes, this.opts.ca);
  }

  private arrive(frame: WsFrame<BaseMessage>): void {
    const msgid = frame.body?.msgid;
    if (!msgid) return;
    // A message still remembered for its reply is a redelivery (a reconnect): it is not read, nor
    // its photo downloaded, again. Older repeats reach the bot, which drops every repeat.
    if (this.messages.has(msgid)) {
      this.log.info(`wecom: message ${msgid} delivered again (reconnect): already handled, skipped`);
      return;
    }
    this.messages.set(msgid, {
      frame,
      answered: false,
      attachments: attachmentsOf(frame.body as BaseMessage),
    });
    if (this.messages.size > REMEMBERED_MESSAGES)
      this.messages.delete(this.messages.keys().next().value as string);
    // Handed over at once and taken in arrival order by the bot's queue. A photo or file is not
    // downloaded here: only a command that keeps it reads it (its link lasts five minutes; the
    // queue reaches it in seconds), so a file from anyone costs nothing unless it is wanted.
    const first = attachmentsOf(frame.body as BaseMessage)[0];
    const incoming = toIncoming(frame, this.now(), first ? lazyAttachment(first, this.opts.ca) : undefined);
    if (!incoming) return;
    if (this.receive) this.handOver(incoming);
    else this.waiting.push(incoming);
  }

  private handOver(m: Arrival): void {
    this.receive?.(m).catch((e) => this.log.error(`wecom: ${(e as Error).stack ?? e}`));
  }

  /** A click or a chat opened, as the message the bot takes (null: nothing to do); its card is settled once handled. */
  private event(m: IncomingMessage | null): void {
    if (!m) return;
    if (!this.receive) {
      this.log.warn(`wecom: event ${m.id} before the bot started: ignored`);
      return;
    }
    this.receive(m)
      .catch((e) => this.log.error(`wecom: ${(e as Error).stack ?? e}`))
      .finally(() => this.cards.settled(m.id));
  }

  private async deliver(
    part: { markdown: string } | { file: string; image?: boolean },
    target: string,
    remembered: Remembered | undefined,
  ): Promise<void> {
    let body: Record<string, unknown>;
    if ('file' in part) {
      // a chart goes up as an image, so the chat shows the picture instead of a file to open
      const type = part.image ? 'image' : 'file';
      const media = await this.client
        .uploadMedia(readFileSync(part.file), { type, filename: basename(part.file) })
        .catch((e) => Promise.reject(asError(e)));
      body = { msgtype: type, [type]: { media_id: media.media_id } };
    } else body = { msgtype: 'markdown', markdown: { content: part.markdown } };

    if (remembered && !remembered.answered) {
      remembered.answered = true;
      try {
        if ('markdown' in part)
          await this.client.replyStream(remembered.frame, randomUUID(), part.markdown, true);
        else await this.client.reply(remembered.frame, body);
        return;
      } catch (e) {
        if (!this.client.isConnected) throw asError(e);
        // The reply window closed (or the server refused the req_id): push it to the chat instead.
        this.log.warn(`wecom: reply refused (${asError(e).message}); pushing it to ${target}`);
      }
    }
    await this.client.sendMessage(target, body as never).catch((e) => Promise.reject(asError(e)));
  }

  private lost(line: string): void {
    if (!this.ready) return;
    this.ready = false;
    this.log.error(line);
    this.opts.onLost?.(line);
  }
}

import { createCipheriv, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer, Server as TlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** One frame as the SDK sends it. */
export interface Frame {
  cmd?: string;
  headers: { req_id: string };
  // biome-ignore lint/suspicious/noExplicitAny: frames are whatever the SDK puts in them
  body?: any;
}

/** The markdown text a reply or push carries (a finished stream or a markdown message), else null. */
export function markdownOf(f: Frame): string | null {
  if (f.body?.msgtype === 'stream') return f.body.stream?.content ?? null;
  if (f.body?.msgtype === 'markdown') return f.body.markdown?.content ?? null;
  return null;
}

/** Encrypts as WeCom does a file sent to the bot: AES-256-CBC, IV = the key's first 16 bytes, PKCS#7 to 32 bytes. */
export function encryptLikeWecom(plain: Buffer, aeskey: string): Buffer {
  const key = Buffer.from(aeskey, 'base64');
  const pad = 32 - (plain.length % 32);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]);
}

/**
 * A local stand-in for WeCom's long-connection server on 127.0.0.1, speaking the frames the real
 * SDK speaks: it accepts `aibot_subscribe` for one bot id and secret (refuses others with an
 * errcode), answers `ping`, acknowledges `aibot_respond_msg` and `aibot_send_msg`, takes chunked
 * uploads (`aibot_upload_media_init/chunk/finish`) and keeps the reassembled files, pushes
 * `aibot_msg_callback` frames and `aibot_event_callback` events (enter_chat, template_card_event),
 * acknowledges welcomes (`aibot_respond_welcome_msg`) and card updates (`aibot_respond_update_msg`), serves encrypted media over HTTP, and can drop the connection.
 * Tests wait on what it receives, never on time.
 */
export class WecomServer {
  /** every frame received from the bot, in order */
  readonly frames: Frame[] = [];
  /** uploaded files by media_id */
  readonly files = new Map<string, { filename: string; data: Buffer; type?: string }>();
  /** successful authentications so far */
  logins = 0;
  /** the media paths the bot asked to download, in order */
  readonly downloads: string[] = [];
  private socket: WebSocket | null = null;
  private readonly waiters: (() => void)[] = [];
  private readonly uploads = new Map<
    string,
    { filename: string; type?: string; chunks: Map<number, Buffer> }
  >();
  private readonly media = new Map<string, { data: Buffer; filename: string; chunked: boolean }>();
  private n = 0;
  /** media requests held until released (a slow download), and whether to hold the next ones */
  private held: (() => void)[] = [];
  private holding = false;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly botId: string,
    readonly secret: string,
  ) {
    wss.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (data) => this.onFrame(ws, JSON.parse(data.toString()) as Frame));
    });
    http.on('request', (req, res) => {
      if (this.holding) {
        this.held.push(() => http.emit('request', req, res));
        return;
      }
      const m = this.media.get(req.url ?? '');
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      this.downloads.push(req.url ?? '');
      res.writeHead(200, {
        'content-disposition': `attachment; filename="${encodeURIComponent(m.filename)}"`,
        ...(m.chunked ? {} : { 'content-length': m.data.length }),
      });
      if (!m.chunked) {
        res.end(m.data);
        return;
      }
      // no Content-Length: the body is streamed in pieces, as a server that does not declare a size
      let at = 0;
      const more = () => {
        while (at < m.data.length && !res.destroyed) {
          const piece = m.data.subarray(at, at + 65_536);
          at += piece.length;
          if (!res.write(piece)) return void res.once('drain', more);
        }
        if (!res.destroyed) res.end();
      };
      more();
    });
  }

  /** `tls`: serve wss:// with this key and certificate (a private deployment's own CA). */
  static async start(
    botId = 'bot-test',
    secret = 'secret-test',
    tls?: { key: Buffer; cert: Buffer },
  ): Promise<WecomServer> {
    const http: Server = tls ? createTlsServer(tls) : createServer();
    const wss = new WebSocketServer({ server: http });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    return new WecomServer(http, wss, botId, secret);
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get url(): string {
    return `${this.http instanceof TlsServer ? 'wss' : 'ws'}://127.0.0.1:${this.port}`;
  }

  /** Resolves once `check` holds, re-checked at every frame received. */
  async until<T>(check: () => T | undefined | null | false): Promise<T> {
    for (;;) {
      const v = check();
      if (v) return v;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** The first frame received after index `from` that matches. */
  frame(match: (f: Frame) => boolean, from = 0): Promise<Frame> {
    return this.until(() => this.frames.slice(from).find(match));
  }

  /** Pushes a message to the bot as `aibot_msg_callback`; returns its req_id. */
  push(body: Record<string, unknown>): string {
    const req_id = `callback_${++this.n}`;
    if (!this.socket) throw new Error('no bot connected');
    this.socket.send(JSON.stringify({ cmd: 'aibot_msg_callback', headers: { req_id }, body }));
    return req_id;
  }

  /** A text message from `userid`, in group `chatid` (with the @ of the bot) or privately. */
  text(msgid: string, userid: string, content: string, chatid?: string): string {
    return this.push({
      msgid,
      aibotid: this.botId,
      chattype: chatid ? 'group' : 'single',
      ...(chatid ? { chatid } : {}),
      from: { userid },
      msgtype: 'text',
      text: { content: chatid ? `@矫正助手 ${content}` : content },
    });
  }

  /** Pushes an event to the bot as `aibot_event_callback` (what the SDK emits as `event.<eventtype>`); returns its req_id. */
  event(msgid: string, userid: string, event: Record<string, unknown>, chatid?: string): string {
    const req_id = `event_${++this.n}`;
    if (!this.socket) throw new Error('no bot connected');
    const body = {
      msgid,
      create_time: Math.floor(Date.now() / 1000),
      aibotid: this.botId,
      chattype: chatid ? 'group' : 'single',
      ...(chatid ? { chatid } : {}),
      from: { userid },
      msgtype: 'event',
      event,
    };
    this.socket.send(JSON.stringify({ cmd: 'aibot_event_callback', headers: { req_id }, body }));
    return req_id;
  }

  /** `enter_chat`: `userid` opens the private chat with the bot for the first time today. */
  enterChat(msgid: string, userid: string): string {
    return this.event(msgid, userid, { eventtype: 'enter_chat' });
  }

  /** `template_card_event`: `userid` clicks button `event_key` of the card `task_id` (in group `chatid`, or privately). */
  click(msgid: string, userid: string, task_id: string, event_key: string, chatid?: string): string {
    return this.event(msgid, userid, { eventtype: 'template_card_event', event_key, task_id }, chatid);
  }

  /** The template cards the bot sent (replies and pushes), in order. */
  cards(from = 0): Frame[] {
    return this.frames.slice(from).filter((f) => f.body?.msgtype === 'template_card');
  }

  /**
   * Serves `data` encrypted under a fresh key; returns the url and the key, as an image message
   * carries them. `chunked`: sent without a Content-Length, in pieces.
   */
  serveEncrypted(data: Buffer, filename: string, chunked = false): { url: string; aeskey: string } {
    const aeskey = randomBytes(32).toString('base64');
    const path = `/media/${++this.n}`;
    this.media.set(path, { data: encryptLikeWecom(data, aeskey), filename, chunked });
    return { url: `http://127.0.0.1:${this.port}${path}`, aeskey };
  }

  /** Holds every media download until the returned function is called (a slow network, without timing). */
  holdMedia(): () => void {
    this.holding = true;
    return () => {
      this.holding = false;
      for (const go of this.held.splice(0)) go();
    };
  }

  /** Cuts the connection as a network failure would (no close handshake). */
  drop(): void {
    this.socket?.terminate();
    this.socket = null;
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    const closed = new Promise<void>((r) => this.http.close(() => r()));
    this.http.closeAllConnections(); // the SDK's media downloads keep their connection alive
    await closed;
  }

  private ack(ws: WebSocket, f: Frame, body?: unknown, errcode = 0, errmsg = 'ok'): void {
    ws.send(
      JSON.stringify({ headers: { req_id: f.headers.req_id }, errcode, errmsg, ...(body ? { body } : {}) }),
    );
  }

  private onFrame(ws: WebSocket, f: Frame): void {
    this.frames.push(f);
    switch (f.cmd) {
      case 'aibot_subscribe':
        if (f.body?.bot_id === this.botId && f.body?.secret === this.secret) {
          this.logins++;
          this.ack(ws, f);
        } else this.ack(ws, f, undefined, 40001, 'invalid secret');
        break;
      case 'ping':
      case 'aibot_respond_msg':
      case 'aibot_respond_welcome_msg':
      case 'aibot_respond_update_msg':
      case 'aibot_send_msg':
        this.ack(ws, f);
        break;
      case 'aibot_upload_media_init': {
        const upload_id = `upload_${++this.n}`;
        this.uploads.set(upload_id, { filename: f.body.filename, type: f.body.type, chunks: new Map() });
        this.ack(ws, f, { upload_id });
        break;
      }
      case 'aibot_upload_media_chunk':
        this.uploads
          .get(f.body.upload_id)
          ?.chunks.set(f.body.chunk_index, Buffer.from(f.body.base64_data, 'base64'));
        this.ack(ws, f);
        break;
      case 'aibot_upload_media_finish': {
        const u = this.uploads.get(f.body.upload_id);
        if (!u) {
          this.ack(ws, f, undefined, 40004, 'unknown upload_id');
          break;
        }
        const media_id = `media_${++this.n}`;
        const order = [...u.chunks.keys()].sort((a, b) => a - b);
        this.files.set(media_id, {
          filename: u.filename,
          ...(u.type ? { type: u.type } : {}),
          data: Buffer.concat(order.map((i) => u.chunks.get(i) as Buffer)),
        });
        this.ack(ws, f, { type: u.type ?? 'file', media_id, created_at: String(Date.now()) });
        break;
      }
      default:
        this.ack(ws, f, undefined, 40008, `unknown cmd ${f.cmd}`);
    }
    for (const w of this.waiters.splice(0)) w();
  }
}

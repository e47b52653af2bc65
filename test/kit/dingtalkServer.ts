import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** A message the bot sent, as the local server received it. */
export interface Sent {
  /** `webhook` (a sessionWebhook reply), `person` (oToMessages/batchSend), `group` (groupMessages/send) */
  via: 'webhook' | 'person' | 'group';
  /** the session, the userids, or the openConversationId it went to */
  to: string;
  msgKey: string;
  // biome-ignore lint/suspicious/noExplicitAny: whatever the bot put in it
  param: any;
  atUserIds?: string[];
}

/** The text a sent message carries (sampleText or a webhook text), else null. */
export const textOf = (s: Sent | undefined): string | null =>
  s && s.msgKey === 'sampleText' ? (s.param?.content ?? null) : null;

interface Frame {
  type?: string;
  code?: number;
  headers?: { messageId?: string; topic?: string };
  data?: string;
}

/**
 * A local stand-in for 钉钉 on 127.0.0.1, speaking the Stream protocol and the OpenAPI the
 * transport uses: the gateway (`POST /v1.0/gateway/connections/open`, one client id and secret,
 * single-use tickets), the WebSocket (SYSTEM CONNECTED/REGISTERED on connect, KEEPALIVE, ping,
 * disconnect; CALLBACK `/v1.0/im/bot/messages/get` frames, each kept until acknowledged and sent
 * again by `redeliverUnacked`, as the real server does after ~60 s: driven by the test, not by
 * time), access tokens that `expireTokens` invalidates, robot pushes, media uploads (multipart),
 * file download links and the files behind them, and sessionWebhooks that `expireWebhooks`
 * closes. Tests wait on what it receives, never on time.
 */
export class DingtalkServer {
  readonly sent: Sent[] = [];
  /** uploaded media by media_id */
  readonly media = new Map<string, { filename: string; type: string; data: Buffer }>();
  /** messageIds acknowledged by the bot, in order */
  readonly acks: string[] = [];
  /** answers to SYSTEM ping frames */
  readonly pongs: Frame[] = [];
  /** connections opened (with a valid ticket) so far */
  connections = 0;
  tokensIssued = 0;
  /** file downloads served (the bytes actually asked for) */
  readonly downloads: string[] = [];
  /** messageFiles/download calls */
  linkRequests = 0;
  private socket: WebSocket | null = null;
  private readonly tickets = new Set<string>();
  private readonly tokens = new Set<string>();
  private readonly unacked = new Map<string, string>();
  private readonly files = new Map<string, { data: Buffer; chunked: boolean }>();
  private silent = false;
  private webhooksExpired = false;
  private gatewayDown = false;
  /** while set, gateway requests wait for it (a slow gateway), counted in `gatewayAsked` */
  private gatewayHeld: Promise<void> | null = null;
  gatewayAsked = 0;
  private readonly waiters: (() => void)[] = [];
  private n = 0;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    http.on('request', (req, res) => {
      this.route(req, res).catch((e) => res.writeHead(500).end(String(e)));
    });
    http.on('upgrade', (req, socket, head) => {
      const ticket = new URL(req.url ?? '', 'http://x').searchParams.get('ticket') ?? '';
      if (!this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  static async start(clientId = 'dingtest', clientSecret = 'secret-test'): Promise<DingtalkServer> {
    const http = createServer();
    const wss = new WebSocketServer({ noServer: true, autoPong: false });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    return new DingtalkServer(http, wss, clientId, clientSecret);
  }

  get base(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  get gatewayUrl(): string {
    return `${this.base}/v1.0/gateway/connections/open`;
  }

  /** Resolves once `check` holds, re-checked at every request and frame received. */
  async until<T>(check: () => T | undefined | null | false): Promise<T> {
    for (;;) {
      const v = check();
      if (v) return v;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** Sends a robot message as a CALLBACK frame; it stays unacknowledged until the bot answers. Returns the frame's messageId. */
  callback(data: Record<string, unknown>): string {
    if (!this.socket) throw new Error('no bot connected');
    const messageId = `${++this.n}-${randomUUID()}`;
    const frame = JSON.stringify({
      specVersion: '1.0',
      type: 'CALLBACK',
      headers: {
        appId: this.clientId,
        connectionId: `conn-${this.connections}`,
        contentType: 'application/json',
        messageId,
        time: String(Date.now()),
        topic: '/v1.0/im/bot/messages/get',
      },
      data: JSON.stringify(data),
    });
    this.unacked.set(messageId, frame);
    this.socket.send(frame);
    return messageId;
  }

  /** A robot message with the real payload's fields: in group `conversationId` (an @ of the robot) or privately. */
  robotMessage(
    msgId: string,
    sender: { staffId?: string; nick?: string; dingtalkId?: string },
    body: Record<string, unknown>,
    conversationId?: string,
    webhookExpires = Date.now() + 90 * 60_000,
  ): Record<string, unknown> {
    const session = `s-${++this.n}`;
    return {
      msgId,
      createAt: Date.now(),
      conversationType: conversationId ? '2' : '1',
      conversationId: conversationId ?? `cid-private-${sender.staffId ?? sender.dingtalkId}`,
      ...(conversationId ? { conversationTitle: '达川区社区矫正工作群', isInAtList: true } : {}),
      atUsers: conversationId ? [{ dingtalkId: '$:LWCP_v1:$robot' }] : [],
      senderId: `$:LWCP_v1:$${sender.dingtalkId ?? sender.staffId}`,
      senderNick: sender.nick ?? sender.staffId ?? '访客',
      ...(sender.staffId ? { senderStaffId: sender.staffId, senderCorpId: 'ding-corp' } : {}),
      chatbotCorpId: 'ding-corp',
      chatbotUserId: '$:LWCP_v1:$robot',
      robotCode: this.clientId,
      sessionWebhook: `${this.base}/robot/sendBySession?session=${session}`,
      sessionWebhookExpiredTime: webhookExpires,
      ...body,
    };
  }

  /** A text from `staffId` (in group `conversationId`, where 钉钉 has taken out the @ of the robot); returns the msgId. */
  text(msgId: string, staffId: string, content: string, conversationId?: string): string {
    this.callback(
      this.robotMessage(
        msgId,
        { staffId },
        { msgtype: 'text', text: { content: ` ${content}` } },
        conversationId,
      ),
    );
    return msgId;
  }

  /** Serves `data` behind a new downloadCode (`chunked`: without a Content-Length); returns the code. */
  serveFile(data: Buffer, chunked = false): string {
    const code = `dc-${++this.n}`;
    this.files.set(code, { data, chunked });
    return code;
  }

  /** Sends every CALLBACK not acknowledged yet again, as the server does when no ack came in time. */
  redeliverUnacked(): number {
    for (const f of this.unacked.values()) this.socket?.send(f);
    return this.unacked.size;
  }

  /** WebSocket connections open now: a client that leaks sockets shows more than one. */
  get openSockets(): number {
    return this.wss.clients.size;
  }

  /** Callbacks not acknowledged yet. */
  get pending(): number {
    return this.unacked.size;
  }

  /** A SYSTEM ping with `data`; the bot must answer it with the same data. */
  ping(data: string): void {
    this.system('ping', data);
  }

  /** SYSTEM disconnect: the server stops delivering on this connection (the bot should open a new one). */
  askToReconnect(): void {
    this.system('disconnect', JSON.stringify({ reason: 'load balance' }));
  }

  /** Cuts the connection as a network failure would (no close handshake). */
  drop(): void {
    this.socket?.terminate();
    this.socket = null;
  }

  /** The connection stays open but the server says nothing more, not even pongs (a half-dead link). */
  goSilent(): void {
    this.silent = true;
  }

  /** Gateway requests wait from now on until the returned function is called (a slow gateway). */
  holdGateway(): () => void {
    let release = () => {};
    this.gatewayHeld = new Promise<void>((r) => {
      release = r;
    });
    return () => {
      this.gatewayHeld = null;
      release();
    };
  }

  /** The gateway answers 503 from now on (a 钉钉 outage): reconnects fail and back off. */
  failGateway(): void {
    this.gatewayDown = true;
  }

  /** Every access token issued so far stops working (401 InvalidAuthentication). */
  expireTokens(): void {
    this.tokens.clear();
  }

  /** Every sessionWebhook is refused from now on, as after its ~90 minutes. */
  expireWebhooks(): void {
    this.webhooksExpired = true;
  }

  /** The messages sent after index `from`. */
  since(from: number): Sent[] {
    return this.sent.slice(from);
  }

  async close(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    const closed = new Promise<void>((r) => this.http.close(() => r()));
    this.http.closeAllConnections();
    await closed;
  }

  private system(topic: string, data: string): void {
    this.socket?.send(
      JSON.stringify({
        specVersion: '1.0',
        type: 'SYSTEM',
        headers: {
          contentType: 'application/json',
          messageId: `sys-${++this.n}`,
          time: String(Date.now()),
          topic,
        },
        data,
      }),
    );
  }

  private accept(ws: WebSocket): void {
    this.silent = false;
    this.socket = ws;
    this.connections++;
    ws.on('ping', (d) => {
      if (!this.silent) ws.pong(d);
    });
    ws.on('message', (raw) => {
      const f = JSON.parse(raw.toString()) as Frame;
      const id = f.headers?.messageId ?? '';
      if (f.headers?.topic === 'ping') this.pongs.push(f);
      else if (f.code === 200 && id) {
        this.acks.push(id);
        this.unacked.delete(id);
      }
      this.wake();
    });
    this.system('CONNECTED', '{}');
    this.system('REGISTERED', '{}');
    this.system('KEEPALIVE', '{}');
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '', this.base);
    const raw = await readAll(req);
    const json = () => JSON.parse(raw.toString() || '{}');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      this.wake();
    };
    const authed = () => this.tokens.has(String(req.headers['x-acs-dingtalk-access-token'] ?? ''));
    const refuse = () => reply(401, { code: 'InvalidAuthentication', message: '不合法的access_token' });
    switch (`${req.method} ${url.pathname}`) {
      case 'POST /v1.0/gateway/connections/open': {
        this.gatewayAsked++;
        this.wake();
        if (this.gatewayHeld) await this.gatewayHeld;
        if (this.gatewayDown) return reply(503, { code: 'ServiceUnavailable', message: '服务暂不可用' });
        const b = json();
        if (b.clientId !== this.clientId || b.clientSecret !== this.clientSecret)
          return reply(401, { code: 'Unauthorized', message: 'clientId或clientSecret不正确' });
        const ticket = randomUUID();
        this.tickets.add(ticket);
        return reply(200, {
          endpoint: `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/connect`,
          ticket,
        });
      }
      case 'POST /v1.0/oauth2/accessToken': {
        const b = json();
        if (b.appKey !== this.clientId || b.appSecret !== this.clientSecret)
          return reply(400, { code: 'invalidClientSecret', message: '应用凭证不正确' });
        const accessToken = `tok-${++this.tokensIssued}`;
        this.tokens.add(accessToken);
        return reply(200, { accessToken, expireIn: 7200 });
      }
      case 'POST /v1.0/robot/oToMessages/batchSend':
      case 'POST /v1.0/robot/groupMessages/send': {
        if (!authed()) return refuse();
        const b = json();
        if (b.robotCode !== this.clientId)
          return reply(400, { code: 'invalidRobotCode', message: 'robotCode 不存在' });
        const person = url.pathname.includes('oToMessages');
        this.sent.push({
          via: person ? 'person' : 'group',
          to: person ? (b.userIds as string[]).join(',') : b.openConversationId,
          msgKey: b.msgKey,
          param: JSON.parse(b.msgParam),
        });
        return reply(200, {
          processQueryKey: `q-${++this.n}`,
          invalidStaffIdList: [],
          flowControlledStaffIdList: [],
        });
      }
      case 'POST /v1.0/robot/messageFiles/download': {
        if (!authed()) return refuse();
        this.linkRequests++;
        const b = json();
        if (!this.files.has(b.downloadCode))
          return reply(400, { code: 'invalidDownloadCode', message: '下载码无效' });
        return reply(200, { downloadUrl: `${this.base}/files/${b.downloadCode}` });
      }
      case 'POST /media/upload': {
        if (!this.tokens.has(url.searchParams.get('access_token') ?? ''))
          return reply(200, { errcode: 40014, errmsg: '不合法的access_token' });
        const form = await new Response(new Uint8Array(raw), {
          headers: { 'content-type': String(req.headers['content-type']) },
        }).formData();
        const file = form.get('media') as File;
        const media_id = `@media-${++this.n}`;
        this.media.set(media_id, {
          filename: file.name,
          type: url.searchParams.get('type') ?? '',
          data: Buffer.from(await file.arrayBuffer()),
        });
        return reply(200, {
          errcode: 0,
          errmsg: 'ok',
          media_id,
          type: url.searchParams.get('type'),
          created_at: Date.now(),
        });
      }
      case 'POST /robot/sendBySession': {
        const session = url.searchParams.get('session') ?? '';
        if (this.webhooksExpired) return reply(200, { errcode: 300001, errmsg: 'session不存在或已过期' });
        const b = json();
        this.sent.push({
          via: 'webhook',
          to: session,
          msgKey: b.msgtype === 'text' ? 'sampleText' : b.msgtype,
          param: b.msgtype === 'text' ? { content: b.text?.content } : b,
          atUserIds: b.at?.atUserIds ?? [],
        });
        return reply(200, { errcode: 0, errmsg: 'ok' });
      }
    }
    if (req.method === 'GET' && url.pathname.startsWith('/files/')) {
      const code = url.pathname.slice('/files/'.length);
      const f = this.files.get(code);
      if (!f) return reply(404, {});
      this.downloads.push(code);
      res.writeHead(200, f.chunked ? {} : { 'content-length': f.data.length });
      if (!f.chunked) res.end(f.data);
      else {
        let at = 0;
        const more = () => {
          while (at < f.data.length && !res.destroyed) {
            const piece = f.data.subarray(at, at + 65_536);
            at += piece.length;
            if (!res.write(piece)) return void res.once('drain', more);
          }
          if (!res.destroyed) res.end();
        };
        more();
      }
      this.wake();
      return;
    }
    reply(404, { code: 'NotFound', message: `${req.method} ${url.pathname}` });
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

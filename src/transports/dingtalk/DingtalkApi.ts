import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { UndeliverableError } from '../../core/Transport.js';
import { DEFAULT_API_URL, DEFAULT_OAPI_URL, type DingtalkOptions } from './DingtalkOptions.js';

const TIMEOUT_MS = 60_000;
/** A token is renewed this long before the expiry the server announced. */
const TOKEN_MARGIN_MS = 5 * 60_000;
/** oapi errcodes meaning the access token is no longer valid. */
const OAPI_TOKEN_ERRORS = new Set([40001, 40014, 42001, 88]);

/** A message for the robot APIs: `msgKey` and its parameters (sampleText, sampleFile, sampleImageMsg). */
export interface RobotMsg {
  msgKey: string;
  msgParam: Record<string, unknown>;
}

class TokenExpired extends Error {}

/**
 * The 钉钉 OpenAPI the transport uses: the app's access token (cached until shortly before it
 * expires, renewed once when the server says it is no longer valid), robot pushes to people and
 * groups, media uploads (old API), file download links, and sessionWebhook replies.
 */
export class DingtalkApi {
  private token: { value: string; until: number } | null = null;
  private pending: Promise<string> | null = null;
  /** access tokens asked for so far */
  tokensFetched = 0;

  constructor(
    private readonly opts: DingtalkOptions,
    private readonly now: () => number,
  ) {}

  get robotCode(): string {
    return this.opts.robotCode || this.opts.clientId;
  }

  private get api(): string {
    return (this.opts.apiUrl || DEFAULT_API_URL).replace(/\/$/, '');
  }

  private get oapi(): string {
    return (this.opts.oapiUrl || DEFAULT_OAPI_URL).replace(/\/$/, '');
  }

  /** The access token: POST /v1.0/oauth2/accessToken {appKey, appSecret} → {accessToken, expireIn (s)}. */
  accessToken(): Promise<string> {
    if (this.token && this.now() < this.token.until) return Promise.resolve(this.token.value);
    this.pending ??= (async () => {
      try {
        const res = await fetch(`${this.api}/v1.0/oauth2/accessToken`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ appKey: this.opts.clientId, appSecret: this.opts.clientSecret }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        const body = (await res.json().catch(() => ({}))) as {
          accessToken?: string;
          expireIn?: number;
          message?: string;
        };
        if (!res.ok || !body.accessToken)
          throw new Error(`钉钉未发放 access token（HTTP ${res.status} ${body.message ?? ''}）`.trim());
        this.tokensFetched++;
        const life = (body.expireIn ?? 7200) * 1000;
        this.token = {
          value: body.accessToken,
          until: this.now() + Math.max(life - TOKEN_MARGIN_MS, life / 2),
        };
        return body.accessToken;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }

  /** Runs `f` with the token; once more with a new one when the server says it expired. */
  private async withToken<T>(f: (token: string) => Promise<T>): Promise<T> {
    try {
      return await f(await this.accessToken());
    } catch (e) {
      if (!(e instanceof TokenExpired)) throw e;
      this.token = null;
      return f(await this.accessToken());
    }
  }

  /** POST to the OpenAPI (v1.0) with the token header; a 401 renews the token once. */
  private post<T>(path: string, payload: unknown): Promise<T> {
    return this.withToken(async (token) => {
      const res = await fetch(`${this.api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = (await res.json().catch(() => ({}))) as T & { code?: string; message?: string };
      if (res.status === 401 || /token/i.test(body.code ?? '')) throw new TokenExpired(body.message);
      if (!res.ok)
        throw new Error(`钉钉 ${path} 返回 HTTP ${res.status}：${body.code ?? ''} ${body.message ?? ''}`);
      return body;
    });
  }

  /** A robot message to people by userid (batchSend); a userid the organisation does not have is never retried. */
  async toPeople(userIds: string[], msg: RobotMsg): Promise<void> {
    const r = await this.post<{ invalidStaffIdList?: string[]; flowControlledStaffIdList?: string[] }>(
      '/v1.0/robot/oToMessages/batchSend',
      { robotCode: this.robotCode, userIds, msgKey: msg.msgKey, msgParam: JSON.stringify(msg.msgParam) },
    );
    if (r.invalidStaffIdList?.length)
      throw new UndeliverableError(`钉钉没有用户 ${r.invalidStaffIdList.join('、')}`, 'missing');
    if (r.flowControlledStaffIdList?.length)
      throw new Error(`钉钉限流：${r.flowControlledStaffIdList.join('、')} 暂时收不到消息`);
  }

  /** A robot message to a group by its openConversationId (the callback's conversationId). */
  async toGroup(openConversationId: string, msg: RobotMsg): Promise<void> {
    await this.post('/v1.0/robot/groupMessages/send', {
      robotCode: this.robotCode,
      openConversationId,
      msgKey: msg.msgKey,
      msgParam: JSON.stringify(msg.msgParam),
    });
  }

  /** A short-lived link to a file or picture a message carried (its downloadCode). */
  async downloadUrl(downloadCode: string): Promise<string> {
    const r = await this.post<{ downloadUrl?: string }>('/v1.0/robot/messageFiles/download', {
      downloadCode,
      robotCode: this.robotCode,
    });
    if (!r.downloadUrl) throw new Error('钉钉没有给出下载地址');
    return r.downloadUrl;
  }

  /** Uploads a file (old API media/upload, multipart `media`); returns its media_id. */
  async upload(path: string, type: 'file' | 'image'): Promise<string> {
    const data = await readFile(path);
    return this.withToken(async (token) => {
      const form = new FormData();
      form.append('media', new Blob([data]), basename(path));
      const url = `${this.oapi}/media/upload?access_token=${encodeURIComponent(token)}&type=${type}`;
      const res = await fetch(url, { method: 'POST', body: form, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const body = (await res.json().catch(() => ({}))) as {
        errcode?: number;
        errmsg?: string;
        media_id?: string;
      };
      if (OAPI_TOKEN_ERRORS.has(body.errcode ?? 0)) throw new TokenExpired(body.errmsg);
      if (!res.ok || body.errcode || !body.media_id)
        throw new Error(
          `钉钉上传文件失败（HTTP ${res.status}，errcode ${body.errcode}：${body.errmsg ?? ''}）`,
        );
      return body.media_id;
    });
  }

  /** Posts to a message's sessionWebhook (no token needed); rejects when 钉钉 refuses (expired, say). */
  async webhook(url: string, payload: unknown): Promise<void> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { errcode?: number; errmsg?: string };
    if (!res.ok || body.errcode)
      throw new Error(
        `sessionWebhook 拒绝（HTTP ${res.status}，errcode ${body.errcode}：${body.errmsg ?? ''}）`,
      );
  }
}

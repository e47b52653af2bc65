import { extname } from 'node:path';
import type { Arrival, Receive, Transport } from '../../core/Transport.js';
import type { Logger, Outgoing } from '../../core/types.js';
import { splitByBytes } from '../wecom/splitByBytes.js';
import { DingtalkApi, type RobotMsg } from './DingtalkApi.js';
import { type DingtalkOptions, TOPIC_ROBOT } from './DingtalkOptions.js';
import { lazyAttachment } from './downloadFile.js';
import { StreamClient } from './StreamClient.js';
import { carriedBy, type RobotMessage, toIncoming } from './toIncoming.js';

export type { DingtalkOptions } from './DingtalkOptions.js';

/** Most UTF-8 bytes in one text message; a longer text goes out as several. */
export const MAX_TEXT_BYTES = 4000;
/** How many message ids are kept to recognise a redelivery (a reconnect, an ack that was lost). */
const REMEMBERED_IDS = 2000;
/** How many conversations keep their latest sessionWebhook to reply into. */
const REMEMBERED_SESSIONS = 500;
/** A sessionWebhook this close to its expiry is not used: the reply is pushed instead. */
const WEBHOOK_MARGIN_MS = 60_000;
const IMAGE = new Set(['.png', '.jpg', '.jpeg', '.gif', '.bmp']);

/** A conversation's latest sessionWebhook and when it expires (ms). */
interface Session {
  url: string;
  expires: number;
}

/** The conversation a destination names: a group, or the private chat with a person. */
const conversation = (to: Outgoing['to']): string =>
  'room' in to ? `room:${to.room}` : `person:${to.person}`;

/**
 * 钉钉 (企业内部应用 robot, Stream mode) on the `Transport` interface. People are their
 * `senderStaffId`, groups their `conversationId`. A reply goes into its conversation's latest
 * sessionWebhook while that is valid (about 90 minutes), else it is pushed through the OpenAPI, as
 * reminders and notices are; a reminder that @-mentions people also takes a valid group
 * sessionWebhook, the only way its `at.atUserIds` notifies them. Files go up with media/upload and
 * out as a sampleFile (or sampleImageMsg). Each robot callback is acknowledged on arrival; a msgId
 * seen before (redelivered after a reconnect) is dropped here, and the bot drops repeats again, the
 * store remembering across restarts every message that changed records.
 */
export class DingtalkTransport implements Transport {
  readonly stream: StreamClient;
  readonly api: DingtalkApi;
  /**
   * Staff ids for the names a reply @-mentions (the names are labels: the bot's roster decides who
   * they are). Set by whoever knows the roster; absent, mentions stay names in the text.
   */
  mentionKeys: ((names: string[]) => string[]) | null = null;
  private receive: Receive | null = null;
  private readonly waiting: Arrival[] = [];
  private readonly seen = new Set<string>();
  private readonly sessions = new Map<string, Session>();
  /** parts of a message already delivered, so a retry by the outbound queue resumes after them */
  private readonly progress = new WeakMap<Outgoing, number>();
  private ready = false;
  private readonly now: () => number;

  constructor(
    opts: DingtalkOptions,
    private readonly log: Logger,
  ) {
    this.now = opts.now ?? Date.now;
    this.api = new DingtalkApi(opts, this.now);
    this.stream = new StreamClient(opts, log, (topic, data) => this.arrive(topic, data));
  }

  /** Opens the Stream connection; one clear line when the credentials are refused or the network fails. */
  async connect(): Promise<void> {
    await this.stream.connect();
    this.ready = true;
    this.log.info(`dingtalk: connected as robot ${this.api.robotCode}`);
  }

  async start(receive: Receive): Promise<void> {
    this.receive = receive;
    if (!this.ready) await this.connect();
    for (const m of this.waiting.splice(0)) this.handOver(m);
  }

  async send(o: Outgoing): Promise<void> {
    // a file already delivered is not uploaded again when the queue retries
    if ('file' in o.reply && this.progress.get(o)) return;
    const parts: RobotMsg[] =
      'file' in o.reply
        ? [await this.fileMessage(o.reply.file)]
        : splitByBytes(o.reply.text, MAX_TEXT_BYTES).map((content) => ({
            msgKey: 'sampleText',
            msgParam: { content },
          }));
    const mentions = 'file' in o.reply ? [] : (o.reply.mentions ?? []);
    const atUserIds = mentions.length && this.mentionKeys ? this.mentionKeys(mentions) : [];
    // a reply, or a reminder that @-mentions people (the OpenAPI push cannot notify them), goes
    // into its conversation's sessionWebhook while one is valid; anything else is pushed
    const webhook = o.inReplyTo || atUserIds.length ? this.webhookFor(o) : undefined;
    for (let i = this.progress.get(o) ?? 0; i < parts.length; i++) {
      await this.deliver(parts[i] as RobotMsg, o, webhook, atUserIds);
      this.progress.set(o, i + 1);
    }
  }

  async stop(): Promise<void> {
    this.ready = false;
    this.receive = null;
    this.stream.stop();
  }

  /** The sessionWebhook of `o`'s conversation, while it is valid (a margin before its expiry). */
  private webhookFor(o: Outgoing): string | undefined {
    const s = this.sessions.get(conversation(o.to));
    return s && this.now() < s.expires - WEBHOOK_MARGIN_MS ? s.url : undefined;
  }

  private async deliver(
    msg: RobotMsg,
    o: Outgoing,
    webhook: string | undefined,
    atUserIds: string[],
  ): Promise<void> {
    if (webhook && msg.msgKey === 'sampleText') {
      try {
        await this.api.webhook(webhook, {
          msgtype: 'text',
          text: { content: msg.msgParam.content },
          ...(atUserIds.length ? { at: { atUserIds, isAtAll: false } } : {}),
        });
        return;
      } catch (e) {
        // expired early or refused: the OpenAPI push still reaches the same conversation
        this.log.warn(`dingtalk: ${(e as Error).message}; pushing it instead`);
      }
    }
    if ('room' in o.to) await this.api.toGroup(o.to.room, msg);
    else await this.api.toPeople([o.to.person], msg);
  }

  /** Uploads a file and makes the message that shows it: a picture inline, anything else as a file. */
  private async fileMessage(path: string): Promise<RobotMsg> {
    const ext = extname(path).toLowerCase();
    if (IMAGE.has(ext)) {
      const mediaId = await this.api.upload(path, 'image');
      return { msgKey: 'sampleImageMsg', msgParam: { photoURL: mediaId } };
    }
    const mediaId = await this.api.upload(path, 'file');
    const fileName = path.split(/[\\/]/).pop() ?? 'file';
    return { msgKey: 'sampleFile', msgParam: { mediaId, fileName, fileType: ext.slice(1) || 'file' } };
  }

  private arrive(topic: string, data: string): void {
    if (topic !== TOPIC_ROBOT) return;
    let m: RobotMessage;
    try {
      m = JSON.parse(data) as RobotMessage;
    } catch {
      this.log.warn('dingtalk: a robot message that is not JSON: ignored');
      return;
    }
    if (!m.msgId) return;
    if (this.seen.has(m.msgId)) {
      this.log.info(`dingtalk: message ${m.msgId} delivered again: already handled, skipped`);
      return;
    }
    this.seen.add(m.msgId);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    const c = carriedBy(m);
    // nothing is downloaded here: only a command that keeps the file reads it, within its cap
    const incoming = toIncoming(m, this.now(), c ? lazyAttachment(c, this.api) : undefined);
    if (!incoming) return;
    if (m.sessionWebhook) {
      const key = conversation(incoming.room ? { room: incoming.room } : { person: incoming.sender.key });
      const latest = this.sessions.get(key);
      const expires = m.sessionWebhookExpiredTime ?? 0;
      if (!latest || expires >= latest.expires) {
        this.sessions.delete(key); // re-inserted last: the oldest conversation is forgotten first
        this.sessions.set(key, { url: m.sessionWebhook, expires });
      }
      if (this.sessions.size > REMEMBERED_SESSIONS)
        this.sessions.delete(this.sessions.keys().next().value as string);
    }
    if (this.receive) this.handOver(incoming);
    else this.waiting.push(incoming);
  }

  private handOver(m: Arrival): void {
    this.receive?.(m).catch((e) => this.log.error(`dingtalk: ${(e as Error).stack ?? e}`));
  }
}

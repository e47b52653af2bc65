import type { EventMessage, WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import type { IncomingMessage, Logger, Outgoing } from '../../core/types.js';
import { dateOf } from '../../domain/dates.js';

/** A welcome is a text message: WeCom takes 2048 bytes; the list is cut at a line, with where to find the rest. */
const WELCOME_BYTES = 1800;
const MORE = '……发送 #帮助 查看全部命令。';

/** The help text, cut at a line boundary so it fits a welcome. */
export function shortHelp(text: string): string {
  if (Buffer.byteLength(text) <= WELCOME_BYTES) return text;
  const kept: string[] = [];
  let used = Buffer.byteLength(MORE);
  for (const line of text.split('\n')) {
    used += Buffer.byteLength(line) + 1;
    if (used > WELCOME_BYTES) break;
    kept.push(line);
  }
  return `${kept.join('\n')}\n${MORE}`;
}

/**
 * `enter_chat` (someone opens the private chat with the bot, first time that day): the bot is
 * handed `#帮助` from them, so the welcome is the help for their role; its reply goes back with
 * `aibot_respond_welcome_msg` within WeCom's 5 seconds, or not at all (a late welcome is noise).
 * At most one a person a day (Asia/Shanghai), whatever WeCom sends.
 */
export class Welcomes {
  private readonly frames = new Map<string, WsFrame<EventMessage>>();
  /** userid → the day they were last welcomed */
  private readonly welcomed = new Map<string, string>();

  constructor(
    private readonly client: WSClient,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  arrive(frame: WsFrame<EventMessage>): IncomingMessage | null {
    const body = frame.body;
    const userid = body?.from?.userid;
    if (!body?.msgid || !userid || body.chattype === 'group') return null;
    const day = dateOf(this.now());
    if (this.welcomed.get(userid) === day) return null;
    this.welcomed.delete(userid);
    this.welcomed.set(userid, day);
    if (this.welcomed.size > 5000) this.welcomed.delete(this.welcomed.keys().next().value as string);
    this.frames.set(body.msgid, frame);
    if (this.frames.size > 100) this.frames.delete(this.frames.keys().next().value as string);
    return {
      id: body.msgid,
      room: null,
      sender: { key: userid, name: userid },
      text: '#帮助',
      mentionsBot: false,
      at: this.now(),
    };
  }

  /** Takes every reply to a welcome: the first text is the welcome, anything else is dropped. */
  async answer(o: Outgoing): Promise<boolean> {
    const frame = o.inReplyTo ? this.frames.get(o.inReplyTo) : undefined;
    if (!frame || !o.inReplyTo) return false;
    this.frames.delete(o.inReplyTo);
    if (!('text' in o.reply)) return true;
    await this.client
      .replyWelcome(frame, { msgtype: 'text', text: { content: shortHelp(o.reply.text) } })
      .catch((e) => this.log.warn(`wecom: welcome not sent (${(e as { errmsg?: string }).errmsg ?? e})`));
    return true;
  }
}

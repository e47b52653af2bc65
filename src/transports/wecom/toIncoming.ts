import type { BaseMessage, WsFrame } from '@wecom/aibot-node-sdk';
import type { Attachment as Carried, IncomingMessage } from '../../core/types.js';

/** An image or file sent to the bot: an encrypted download link (valid five minutes) and its key. */
export interface Attachment {
  kind: 'image' | 'file' | 'video';
  url: string;
  aeskey?: string;
}

/** In a group the text starts with the bot's own @-mention (`@矫正助手 #进度`): drop it. */
const LEADING_MENTION = /^\s*@\S+\s*/;

/** The text a message carries: typed text, a voice message as transcribed, the text parts of a mixed one. */
export function textOf(body: BaseMessage): string | null {
  switch (body.msgtype) {
    case 'text':
      return typeof body.text?.content === 'string' ? body.text.content : null;
    case 'voice':
      return typeof body.voice?.content === 'string' ? body.voice.content : null;
    case 'mixed': {
      const items: { msgtype?: string; text?: { content?: string } }[] = body.mixed?.msg_item ?? [];
      const parts = items.filter((i) => i.msgtype === 'text' && i.text?.content).map((i) => i.text?.content);
      return parts.length ? parts.join('\n') : null;
    }
    default:
      return null;
  }
}

/** The images and files a message carries (an image message, a file, the images of a mixed one). */
export function attachmentsOf(body: BaseMessage): Attachment[] {
  const found: Attachment[] = [];
  for (const kind of ['image', 'file', 'video'] as const) {
    const c = body.msgtype === kind ? body[kind] : undefined;
    if (c?.url) found.push({ kind, url: c.url, aeskey: c.aeskey });
  }
  if (body.msgtype === 'mixed')
    for (const i of body.mixed?.msg_item ?? [])
      if (i.msgtype === 'image' && i.image?.url)
        found.push({ kind: 'image', url: i.image.url, aeskey: i.image.aeskey });
  return found;
}

/**
 * Turns an `aibot_msg_callback` frame into the transport-free form, or null when it carries no text
 * (and no `carried` photo or file, already downloaded). The sender is the `userid` the organisation
 * gave (its own label until a roster names it); the room is the group's `chatid`, null in a private
 * chat. In a group the bot only ever receives messages that @ it.
 */
export function toIncoming(
  frame: WsFrame<BaseMessage>,
  at: number,
  carried?: Carried,
): IncomingMessage | null {
  const body = frame.body;
  const userid = body?.from?.userid;
  if (!body?.msgid || !userid) return null;
  const text = textOf(body) ?? (carried ? '' : null);
  if (text === null) return null;
  const inGroup = body.chattype === 'group' && typeof body.chatid === 'string';
  return {
    id: body.msgid,
    room: inGroup ? (body.chatid as string) : null,
    sender: { key: userid, name: userid },
    text: inGroup ? text.replace(LEADING_MENTION, '') : text,
    mentionsBot: inGroup,
    at,
    ...(carried && text === '' ? { attachment: carried } : {}),
  };
}

/** The name a downloaded attachment goes by: the one it was sent with, else one for its kind. */
export function attachmentName(a: Attachment, filename: string | undefined): string {
  if (filename) return filename;
  return a.kind === 'image' ? 'image.jpg' : a.kind === 'video' ? 'video.mp4' : 'file';
}

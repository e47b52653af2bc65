import type { Attachment as Carried, IncomingMessage } from '../../core/types.js';

/** A message to the robot, as the CALLBACK `/v1.0/im/bot/messages/get` carries it (its `data`, parsed). */
export interface RobotMessage {
  msgId?: string;
  msgtype?: string;
  createAt?: number;
  text?: { content?: string };
  content?: {
    downloadCode?: string;
    pictureDownloadCode?: string;
    fileName?: string;
    richText?: { text?: string; type?: string; downloadCode?: string; pictureDownloadCode?: string }[];
  };
  /** the organisation's userid of the sender; absent for someone outside it */
  senderStaffId?: string;
  /** the sender's 钉钉 id as this app sees it */
  senderId?: string;
  senderNick?: string;
  /** '1' a private chat with the robot, '2' a group */
  conversationType?: string;
  /** the group's openConversationId (`cid…`) */
  conversationId?: string;
  conversationTitle?: string;
  isInAtList?: boolean;
  atUsers?: { dingtalkId?: string; staffId?: string }[];
  /** where a reply to this message goes, until `sessionWebhookExpiredTime` (ms) */
  sessionWebhook?: string;
  sessionWebhookExpiredTime?: number;
  robotCode?: string;
  chatbotUserId?: string;
}

/** A picture or file a message carried: fetched only through its downloadCode, when a command keeps it. */
export interface Carrying {
  downloadCode: string;
  name: string;
}

/** Whom a sender without a staff id (someone outside the organisation) is known as: never a roster key. */
export function outsiderKey(m: RobotMessage): string {
  return `dingtalk-outsider:${m.senderId ?? 'unknown'}`;
}

/** The text a message carries: typed text, or the text parts of a rich text. */
export function textOf(m: RobotMessage): string | null {
  if (m.msgtype === 'text') return typeof m.text?.content === 'string' ? m.text.content.trim() : null;
  if (m.msgtype === 'richText') {
    const parts = (m.content?.richText ?? []).map((p) => p.text?.trim()).filter((t): t is string => !!t);
    return parts.length ? parts.join('\n') : null;
  }
  return null;
}

/** The picture or file a message carries (a picture, a file, the first picture of a rich text). */
export function carriedBy(m: RobotMessage): Carrying | null {
  if (m.msgtype === 'picture' && m.content?.downloadCode)
    return { downloadCode: m.content.downloadCode, name: 'image.jpg' };
  if (m.msgtype === 'file' && m.content?.downloadCode)
    return { downloadCode: m.content.downloadCode, name: m.content.fileName || 'file' };
  if (m.msgtype === 'richText')
    for (const p of m.content?.richText ?? [])
      if (p.downloadCode && (p.type === 'picture' || !p.text))
        return { downloadCode: p.downloadCode, name: 'image.jpg' };
  return null;
}

/**
 * Turns a robot message into the transport-free form, or null when it carries neither text nor a
 * `carried` picture or file. The sender is the `senderStaffId` the organisation gave (a roster
 * names it); someone without one is an outsider under a key no roster can hold. The room is the
 * group's conversationId, null in a private chat; a group message reaches the robot only when it
 * @-mentions it, and 钉钉 has already taken that mention out of the text.
 */
export function toIncoming(m: RobotMessage, at: number, carried?: Carried): IncomingMessage | null {
  if (!m.msgId) return null;
  const text = textOf(m) ?? (carried ? '' : null);
  if (text === null) return null;
  const inGroup = m.conversationType === '2' && typeof m.conversationId === 'string';
  const key = m.senderStaffId || outsiderKey(m);
  return {
    id: m.msgId,
    room: inGroup ? (m.conversationId as string) : null,
    sender: { key, name: m.senderNick || key },
    text,
    mentionsBot: inGroup,
    at,
    ...(carried && text === '' ? { attachment: carried } : {}),
  };
}

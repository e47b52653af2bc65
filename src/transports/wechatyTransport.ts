import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FileBox } from 'file-box';
import type { Contact, Message, Room, Wechaty } from 'wechaty';
import { AttachmentTooLargeError, readCapped } from '../core/readCapped.js';
import { type Receive, type Transport, UndeliverableError } from '../core/Transport.js';
import type { Attachment, IncomingMessage, Logger, Outgoing } from '../core/types.js';

/** Messages older than this at arrival are history replayed at login, not new requests. */
const MAX_AGE_S = 120;

/** The opaque tag the bot writes into a contact's remark (备注) once it must know them again. */
const TAG = /(?:^|\s)(jz:[0-9a-f]{16})(?=\s|$)/;

/** The tag in a remark, or null. Only the bot's own account can write its contacts' remarks. */
export function tagOf(alias: string | null | undefined): string | null {
  return alias ? (TAG.exec(alias)?.[1] ?? null) : null;
}

/** A key good for this login only, for someone the bot has not tagged: it never holds a grant. */
const PROVISIONAL = 'wx-once:';

/**
 * Who sent a message, as the platform vouches for it: the tag in the remark the bot wrote, re-read
 * from the contact at every message (so at every login); else a key that lasts this login only.
 * The display name (group nickname, WeChat name) is a label and nothing else.
 */
export async function senderOf(talker: Contact, room: Room | null): Promise<{ key: string; name: string }> {
  const tag = tagOf(await talker.alias());
  const name = (room ? await room.alias(talker) : null) || talker.name();
  return { key: tag ?? `${PROVISIONAL}${talker.id}`, name };
}

/** Turns a Wechaty message into the transport-free form, or null for what the bot never answers. */
export async function toIncoming(bot: Wechaty, msg: Message): Promise<IncomingMessage | null> {
  if (msg.self()) return null;
  const type = msg.type();
  const isFile = type === bot.Message.Type.Image || type === bot.Message.Type.Attachment;
  if (type !== bot.Message.Type.Text && !isFile) return null;
  if (msg.age() > MAX_AGE_S) return null;
  const talker = msg.talker();
  const room = msg.room();
  const topic = room ? await room.topic() : null;
  // The key is the tag the bot wrote into the remark (or one good for this login only): never the name.
  const sender = await senderOf(talker, room ?? null);
  const at = msg.date().getTime();
  let incoming: IncomingMessage;
  if (isFile) {
    // A photo or file: handed over with its FileBox; the bytes are fetched only if the bot keeps it.
    const box = await msg.toFileBox();
    const name = box.name || (type === bot.Message.Type.Image ? 'image.jpg' : 'file');
    const size = box.size > 0 ? box.size : undefined;
    const attachment: Attachment = {
      name,
      ...(size !== undefined ? { size } : {}),
      async read(maxBytes) {
        if (size !== undefined && size > maxBytes) throw new AttachmentTooLargeError(maxBytes, size);
        return readCapped(await box.toStream(), maxBytes);
      },
    };
    incoming = { id: msg.id, room: topic, sender, text: '', mentionsBot: false, at, attachment };
  } else {
    const mentionsBot = room ? await msg.mentionSelf() : false;
    const text = mentionsBot ? await msg.mentionText() : msg.text();
    incoming = { id: msg.id, room: topic, sender, text, mentionsBot, at };
  }
  if (!room) {
    // which of the bot's rooms this person is in: a stranger is in none of the work groups
    const rooms: string[] = [];
    for (const r of await bot.Room.findAll()) if (await r.has(talker)) rooms.push(await r.topic());
    incoming.senderRooms = rooms;
  }
  return incoming;
}

/** The one room with this topic; two rooms with it cannot be told apart, so neither gets it. */
async function findRoom(bot: Wechaty, topic: string): Promise<Room> {
  const rooms = await bot.Room.findAll({ topic });
  if (rooms.length > 1)
    throw new UndeliverableError(`有 ${rooms.length} 个群都叫“${topic}”，无法分辨哪个是工作群`);
  const room = rooms[0];
  // retried: right after a login the room list may not be loaded yet
  if (!room) throw new Error(`room "${topic}" not found`);
  return room;
}

/** The one contact the bot tagged with this key; never looked up by name. */
async function findContact(bot: Wechaty, key: string): Promise<Contact> {
  if (key.startsWith(PROVISIONAL)) {
    const c = await bot.Contact.find({ id: key.slice(PROVISIONAL.length) });
    if (!c) throw new UndeliverableError(`contact ${key} not found`, 'missing');
    return c;
  }
  const hits: Contact[] = [];
  for (const c of await bot.Contact.findAll()) if (tagOf(await c.alias()) === key) hits.push(c);
  if (hits.length > 1)
    throw new UndeliverableError(
      `${hits.length} 个微信联系人（${hits.map((c) => c.name()).join('、')}）带有同一身份标记 ${key}，无法分辨`,
    );
  const c = hits[0];
  if (!c) throw new UndeliverableError(`no contact carries ${key}`, 'missing');
  return c;
}

/** Delivers one outgoing message through Wechaty: text with @-mentions, or a file. */
export async function sendThroughWechaty(bot: Wechaty, o: Outgoing, here?: Room | Contact): Promise<void> {
  const target =
    here ?? ('room' in o.to ? await findRoom(bot, o.to.room) : await findContact(bot, o.to.person));
  if ('file' in o.reply) {
    // FileBox.fromBase64 works with every puppet (the mock JSON-encodes files and keeps only base64 ones).
    // A chart (`image`) is a .png, and the puppets pick a picture message from the name's extension.
    const box = FileBox.fromBase64(readFileSync(o.reply.file).toString('base64'), basename(o.reply.file));
    await target.say(box);
    return;
  }
  if ('topic' in target && o.reply.mentions?.length) {
    const members: Contact[] = [];
    for (const name of o.reply.mentions) {
      // a name two members share notifies neither: the text still names them
      const same = await target.memberAll(name);
      if (same.length === 1 && same[0]) members.push(same[0]);
    }
    // Room.say(text, ...contacts) puts "@name " before the text, and our texts already name each
    // person where it belongs ("东城司法所 @张敏"): send the text as written, with the mention ids,
    // adding "@name" only for someone the text does not name.
    let text = o.reply.text;
    const missing = o.reply.mentions.filter((n) => !text.includes(`@${n}`));
    if (missing.length > 0) text = `${missing.map((n) => `@${n}`).join(' ')} ${text}`;
    await bot.puppet.messageSendText(
      target.id,
      text,
      members.map((m) => m.id),
    );
    return;
  }
  await target.say(o.reply.text);
}

/** How many recent conversations are kept for replying into the one a message came from. */
const REMEMBERED_CONVERSATIONS = 500;

/**
 * Wechaty on the `Transport` interface: every text message (not the bot's own, not history replayed
 * at login) goes to the bot; every handler and puppet error is caught and logged. A reply goes back
 * to the conversation object its message came from, never to one looked up again by name; other
 * messages go to the room or contact their key names, and to nobody when two match.
 */
export class WechatyTransport implements Transport {
  private readonly conversations = new Map<string, { where: Room | Contact; talker: Contact }>();

  constructor(
    readonly wechaty: Wechaty,
    private readonly log: Logger,
  ) {}

  async start(receive: Receive): Promise<void> {
    this.wechaty.on('message', (msg: Message) => {
      // Reading a message takes puppet calls of varying length (a private one asks every room): it
      // is handed over at once, and the bot's queue takes it in arrival order, whatever each took.
      const read = toIncoming(this.wechaty, msg).then(
        (incoming) => {
          if (incoming) this.remember(incoming.id, msg.room() ?? msg.talker(), msg.talker());
          return incoming;
        },
        (e) => {
          this.log.error(`message ${msg.id}: ${(e as Error).stack ?? e}`);
          return null;
        },
      );
      receive(read).catch((e) => this.log.error(`message ${msg.id}: ${(e as Error).stack ?? e}`));
    });
    this.wechaty.on('error', (e) => this.log.error(`wechaty error: ${(e as Error).message ?? e}`));
    await this.wechaty.start();
  }

  send(o: Outgoing): Promise<void> {
    const here = o.inReplyTo ? this.conversations.get(o.inReplyTo)?.where : undefined;
    return sendThroughWechaty(this.wechaty, o, here);
  }

  /**
   * The sender's tag, written into their remark (keeping what the remark said) if they have none
   * yet, and read back: a puppet that could not write it (not a friend) leaves no key to hang a
   * grant on, and this throws.
   */
  async vouch(msg: IncomingMessage): Promise<string> {
    const talker = this.conversations.get(msg.id)?.talker;
    if (!talker) throw new Error(`message ${msg.id} is no longer known`);
    await talker.sync().catch(() => {});
    const had = await talker.alias();
    const existing = tagOf(had);
    if (existing) return existing;
    const tag = `jz:${randomBytes(8).toString('hex')}`;
    await talker.alias([had, tag].filter(Boolean).join(' '));
    const now = tagOf(await talker.alias());
    if (now !== tag) throw new Error(`could not write the remark of ${talker.id}`);
    this.log.info(`tagged contact ${talker.id} as ${tag}`);
    return tag;
  }

  async stop(): Promise<void> {
    await this.wechaty.stop();
  }

  private remember(id: string, where: Room | Contact, talker: Contact): void {
    this.conversations.set(id, { where, talker });
    if (this.conversations.size > REMEMBERED_CONVERSATIONS)
      this.conversations.delete(this.conversations.keys().next().value as string);
  }
}

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FileBox } from 'file-box';
import type { Contact, Message, Room, Wechaty } from 'wechaty';
import type { Receive, Transport } from '../app/Transport.js';
import type { IncomingMessage, Logger, Outgoing } from '../core/types.js';

/** Messages older than this at arrival are history replayed at login, not new requests. */
const MAX_AGE_S = 120;

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
  // People are keyed by their name in the room (alias, else name): ids change at every login.
  const name = (room ? await room.alias(talker) : null) || talker.name();
  // Until the identity model lands, the key is the name (see issue 13).
  const sender = { key: name, name };
  const at = msg.date().getTime();
  if (isFile) {
    // A photo or file: handed over with its FileBox; the bytes are fetched only if the bot keeps it.
    const box = await msg.toFileBox();
    const name = box.name || (type === bot.Message.Type.Image ? 'image.jpg' : 'file');
    const attachment = { name, read: () => box.toBuffer() };
    return { id: msg.id, room: topic, sender, text: '', mentionsBot: false, at, attachment };
  }
  const mentionsBot = room ? await msg.mentionSelf() : false;
  const text = mentionsBot ? await msg.mentionText() : msg.text();
  return { id: msg.id, room: topic, sender, text, mentionsBot, at };
}

async function findRoom(bot: Wechaty, topic: string): Promise<Room> {
  const room = await bot.Room.find({ topic });
  if (!room) throw new Error(`room "${topic}" not found`);
  return room;
}

async function findContact(bot: Wechaty, name: string): Promise<Contact> {
  const c = (await bot.Contact.find({ name })) ?? (await bot.Contact.find({ alias: name }));
  if (!c) throw new Error(`contact "${name}" not found`);
  return c;
}

/** Delivers one outgoing message through Wechaty: text with @-mentions, or a file. */
export async function sendThroughWechaty(bot: Wechaty, o: Outgoing, here?: Room | Contact): Promise<void> {
  const target =
    here ?? ('room' in o.to ? await findRoom(bot, o.to.room) : await findContact(bot, o.to.person));
  if ('file' in o.reply) {
    // FileBox.fromBase64 works with every puppet (the mock JSON-encodes files and keeps only base64 ones).
    const box = FileBox.fromBase64(readFileSync(o.reply.file).toString('base64'), basename(o.reply.file));
    await target.say(box);
    return;
  }
  if ('topic' in target && o.reply.mentions?.length) {
    const members: Contact[] = [];
    for (const name of o.reply.mentions) {
      const m = await target.member(name);
      if (m) members.push(m);
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
 * to the conversation object its message came from, never to one looked up again by name.
 */
export class WechatyTransport implements Transport {
  private readonly conversations = new Map<string, Room | Contact>();

  constructor(
    readonly wechaty: Wechaty,
    private readonly log: Logger,
  ) {}

  async start(receive: Receive): Promise<void> {
    this.wechaty.on('message', (msg: Message) => {
      (async () => {
        const incoming = await toIncoming(this.wechaty, msg);
        if (!incoming) return;
        this.remember(incoming.id, msg.room() ?? msg.talker());
        await receive(incoming);
      })().catch((e) => this.log.error(`message ${msg.id}: ${(e as Error).stack ?? e}`));
    });
    this.wechaty.on('error', (e) => this.log.error(`wechaty error: ${(e as Error).message ?? e}`));
    await this.wechaty.start();
  }

  send(o: Outgoing): Promise<void> {
    const here = o.inReplyTo ? this.conversations.get(o.inReplyTo) : undefined;
    return sendThroughWechaty(this.wechaty, o, here);
  }

  async stop(): Promise<void> {
    await this.wechaty.stop();
  }

  private remember(id: string, where: Room | Contact): void {
    this.conversations.set(id, where);
    if (this.conversations.size > REMEMBERED_CONVERSATIONS)
      this.conversations.delete(this.conversations.keys().next().value as string);
  }
}

import { copyFileSync, createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { AttachmentTooLargeError, readCapped } from '../core/readCapped.js';
import type { Receive, Transport } from '../core/Transport.js';
import type { Attachment, IncomingMessage, Outgoing } from '../core/types.js';

/** A file on disk as a message's attachment (console `/attach`, simulate's `"attach"`, tests). */
export function fileAttachment(path: string): Attachment {
  const size = existsSync(path) ? statSync(path).size : undefined;
  return {
    name: basename(path),
    ...(size !== undefined ? { size } : {}),
    async read(maxBytes) {
      if (size !== undefined && size > maxBytes) throw new AttachmentTooLargeError(maxBytes, size);
      return readCapped(createReadStream(path), maxBytes);
    },
  };
}

/**
 * A transport with no chat app behind it: messages are injected by the program (the console's
 * prompt, simulate's transcript, a test) and what the bot says goes to `output` (printed, written
 * as JSON Lines, or recorded).
 */
export class LocalTransport implements Transport {
  private receive: Receive | null = null;
  /** who has spoken in each room: everyone who speaks in a room's transcript is a member of it */
  private readonly members = new Map<string, Set<string>>();

  /**
   * `received`: a folder where a file sent is kept as its recipient would keep it (the bot deletes
   * its own export once delivered), so `output` sees the path of that copy.
   */
  constructor(
    private readonly output: (o: Outgoing) => void | Promise<void>,
    private readonly received?: string,
  ) {}

  async start(receive: Receive): Promise<void> {
    this.receive = receive;
  }

  async send(o: Outgoing): Promise<void> {
    if (this.received && 'file' in o.reply) {
      mkdirSync(this.received, { recursive: true, mode: 0o700 });
      const name = basename(o.reply.file);
      let copy = join(this.received, name);
      for (let n = 2; existsSync(copy); n++)
        copy = join(this.received, `${basename(name, extname(name))}-${n}${extname(name)}`);
      copyFileSync(o.reply.file, copy);
      await this.output({ ...o, reply: { ...o.reply, file: copy } });
      return;
    }
    await this.output(o);
  }

  async stop(): Promise<void> {
    this.receive = null;
  }

  /** Hands one message to the bot; resolves once its replies went to `output`. */
  async inject(msg: IncomingMessage): Promise<void> {
    if (!this.receive) throw new Error('LocalTransport: inject before start');
    if (msg.room !== null) this.join(msg.room, msg.sender.key);
    else if (msg.senderRooms === undefined)
      msg = {
        ...msg,
        senderRooms: [...this.members].filter(([, keys]) => keys.has(msg.sender.key)).map(([r]) => r),
      };
    await this.receive(msg);
  }

  /** Makes a key a member of a room (as if they had spoken there). */
  join(room: string, key: string): void {
    const keys = this.members.get(room) ?? new Set<string>();
    keys.add(key);
    this.members.set(room, keys);
  }
}

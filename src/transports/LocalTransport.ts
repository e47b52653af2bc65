import type { Receive, Transport } from '../app/Transport.js';
import type { IncomingMessage, Outgoing } from '../core/types.js';

/**
 * A transport with no chat app behind it: messages are injected by the program (the console's
 * prompt, simulate's transcript, a test) and what the bot says goes to `output` (printed, written
 * as JSON Lines, or recorded).
 */
export class LocalTransport implements Transport {
  private receive: Receive | null = null;
  /** who has spoken in each room: everyone who speaks in a room's transcript is a member of it */
  private readonly members = new Map<string, Set<string>>();

  constructor(private readonly output: (o: Outgoing) => void | Promise<void>) {}

  async start(receive: Receive): Promise<void> {
    this.receive = receive;
  }

  async send(o: Outgoing): Promise<void> {
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

import type { IncomingMessage, Outgoing } from './types.js';

/**
 * A message as it arrives: read already, or still being read (a photo downloading). A read that
 * fails resolves to null (the transport logs why); it never rejects.
 */
export type Arrival = IncomingMessage | Promise<IncomingMessage | null>;

/**
 * What a transport hands each message to, at once and in arrival order: the bot's one queue waits
 * for each read in that order, so a text sent after a photo never overtakes it. Resolves once the
 * replies are sent or given up. The bot drops repeats (a redelivery after a reconnect): a transport
 * need not.
 */
export type Receive = (msg: Arrival) => Promise<void>;

/**
 * One chat connection, as Slack Bolt's Receiver: 企业微信, Wechaty, the console, simulate and the
 * test kit each implement it, and nothing above `src/transports` knows which one carries a message.
 */
export interface Transport {
  /** Connects and starts handing every incoming message to `receive`. */
  start(receive: Receive): Promise<void>;
  /**
   * Delivers one message. Resolves once the platform accepted it (the bot then stamps a reminder
   * sent); rejects when it did not, and the outbound queue retries.
   */
  send(o: Outgoing): Promise<void>;
  stop(): Promise<void>;
  /**
   * Makes the platform vouch for the sender of message `msgId` from now on and returns that key
   * (Wechaty: the bot writes an opaque tag into the contact's remark). Absent: the keys a
   * transport hands over are durable already (企业微信 userid, simulate's `from`).
   */
  vouch?(msg: IncomingMessage): Promise<string>;
}

/**
 * A message the transport will not deliver because it cannot tell its recipient apart from
 * another (two rooms with one topic, two contacts with one key): it goes to neither, is not
 * retried, and the admins are told.
 */
export class UndeliverableError extends Error {
  override name = 'UndeliverableError';
  /**
   * `ambiguous` (the default): two recipients could not be told apart, and the admins are told.
   * `missing`: nobody carries the key (a campaign-file name on Wechaty, say): only logged, since
   * retrying cannot help and telling the admins at every reminder would only be noise.
   */
  constructor(
    message: string,
    readonly reason: 'ambiguous' | 'missing' = 'ambiguous',
  ) {
    super(message);
  }
}

import type { Campaign } from '../config/campaign.js';
import type { Form } from '../domain/catalog.js';
import type { Store } from '../store/Store.js';
import type { BindRequest } from '../store/state.js';
import type { JobQueue } from './JobQueue.js';

/** A chat message as every transport hands it over: no Wechaty in sight. */
export interface IncomingMessage {
  /** the transport's id, for de-duplication and logs */
  id: string;
  /** the group's key (企业微信 chatid; Wechaty topic), or null for a private chat with the bot */
  room: string | null;
  /**
   * Who sent it. `key` is what the transport vouches for (企业微信 userid; on Wechaty the remark the
   * bot set; in simulate the transcript's `from`): roles, units and records hang on it. `name` is
   * the display name its owner chose: a label for text, never used to decide anything.
   */
  sender: { key: string; name: string };
  text: string;
  /** the message @-mentions the bot (the mention itself already removed from `text`) */
  mentionsBot: boolean;
  /** when it was sent (ms) */
  at: number;
  /** a photo or file the message carries (WeCom/Wechaty image or file; console/simulate by path) */
  attachment?: Attachment;
  /**
   * For a private message: the rooms (group keys) the transport knows the sender to be a member
   * of. Someone in none of the configured groups who holds no role is a stranger. Absent: the
   * transport cannot tell (企业微信, where the organisation decides who may message the bot).
   */
  senderRooms?: string[];
}

/**
 * A photo or file carried by a message, transport-agnostic: the transport supplies the name it was
 * sent with, its declared size where the platform gives one, and a bounded way to fetch its bytes
 * (downloaded only when a command keeps it).
 */
export interface Attachment {
  /**
   * the file name as sent (`IMG_0012.jpg`); a transport without one makes one up (`image.jpg`). A
   * platform that names the file only when it is downloaded (企业微信) gives the exact name after `read`.
   */
  readonly name: string;
  /** the size the platform declares before anything is downloaded, when it declares one */
  readonly size?: number;
  /**
   * Downloads (or reads) the bytes, at most `maxBytes` of them: past that it stops and throws
   * `AttachmentTooLargeError` (`core/readCapped.ts`), so a huge file never fills the memory. Nothing
   * is fetched until a command that keeps the file calls this.
   */
  read(maxBytes: number): Promise<Buffer>;
}

/**
 * What the bot says: a text (with people to @-mention) or a file to post. A file carries the form it
 * holds (and, for one unit's ledger, that unit): the outlet decides who may receive it from that,
 * never from the file's name. `to` sends it elsewhere than the conversation the message came from
 * (a supervisor told privately).
 */
export type Reply = ({ text: string; mentions?: string[]; cards?: ActionCard[] } | FileReply) & {
  to?: Destination;
};

/**
 * Buttons a text reply may offer, platform-neutral: one card per item (a hazard, a request), each
 * button standing for a command the clicker could type. A transport that can show buttons (企业微信
 * template cards) shows them after the text; one that cannot ignores them, and the text says what to
 * type. A click runs its command as if the clicker had typed it, with the clicker's rights.
 */
export interface ActionCard {
  /** one short line (`H3 东城司法所`), masked like the text it accompanies */
  title: string;
  /** a few more short lines */
  lines?: string[];
  actions: Action[];
}

export interface Action {
  /** the button's label (`通过`) */
  label: string;
  /** the command a click runs (`#核验 H3 通过`) */
  command: string;
}

export interface FileReply {
  file: string;
  /**
   * the form an exported file holds, or `evidence`: a stored 佐证 photo or document of one unit's
   * hazard; `chart`: a picture of counts and unit names only (may go to a group); `summary`: the
   * #总结 report, which quotes hazard texts (private: a supervisor, or the one unit's people)
   */
  form: Form | 'evidence' | 'chart' | 'summary';
  /** the one unit the file covers; absent: every unit */
  unit?: string;
  /**
   * a picture (PNG): a transport that shows images sends it as an image message (企业微信 image,
   * Wechaty a FileBox of the .png, 钉钉 an image), the others as a file
   */
  image?: boolean;
}

/** Where a reply goes. */
export type Destination = { room: string } | { person: string };

/** A reply on its way out. `afterSent` runs once the transport has delivered it. */
export interface Outgoing {
  to: Destination;
  reply: Reply;
  /** for a reply, the `at` of the message it answers; for a reminder, its scheduled time */
  at: number;
  /** the id of the message this answers: a transport replies into that very conversation */
  inReplyTo?: string;
  /** who asked (a display name): when replies are merged into one message, each part is addressed to its sender */
  addressee?: string;
  /** the message this answers changed records (a button it came from is then spent) */
  changed?: boolean;
  afterSent?: () => Promise<void>;
}

export interface Clock {
  now(): number;
}

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
  error(line: string): void;
}

/** Everything a command may use. Passed in, never imported, so tests and `simulate` run on their own clock and files. */
export interface Deps {
  campaign: Campaign;
  store: Store;
  clock: Clock;
  /** where generated .xlsx files are written */
  filesDir: string;
  log: Logger;
  /** the transport's way to give a sender a durable key; absent: the key it handed over is durable */
  vouch?: Vouch;
  /** offered by `npm start` while nobody holds the admin role by a grant */
  claim?: ClaimCode | null;
  /** where heavy work (exports) runs, off the message path; absent: it runs in the message's turn */
  jobs?: JobQueue;
}

export type Role = 'admin' | 'supervisor' | 'caseworker' | 'unbound';

/** Who is speaking, as the campaign and the bindings say. */
export interface Person {
  /** the key the transport vouches for */
  key: string;
  /** a label for text */
  name: string;
  unit: string | null;
  isAdmin: boolean;
  isSupervisor: boolean;
  /** the highest role, for messages */
  role: Role;
  /** their binding request waiting for approval, if any */
  request: BindRequest | null;
  /** holds a role, a binding or a roster entry (otherwise: unbound) */
  known: boolean;
}

/**
 * Makes the platform vouch for a message's sender from now on and returns the key it vouches for
 * (Wechaty: the bot writes an opaque tag into the contact's remark). Throws when it cannot.
 */
export type Vouch = (msg: IncomingMessage) => Promise<string>;

/** The one-time code that lets the first admin claim the role on a platform without keys in the campaign file. */
export interface ClaimCode {
  /** 'ok' once (the code is spent), 'wrong' (counted; after a few the code is spent), 'none' */
  check(typed: string): 'ok' | 'wrong' | 'none';
}

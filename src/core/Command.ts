import type { Meta } from '../store/state.js';
import type { Deps, IncomingMessage, Person, Reply } from './types.js';

/** A role a command may be open to: `caseworker` means bound to a unit; `unbound` neither bound nor holding a role. */
export type Grant = 'admin' | 'supervisor' | 'caseworker' | 'unbound';

/**
 * Who may use a command: the roles it is open to, or a name for a usual set. `caseworker`: bound
 * to a unit; `staff`: a caseworker or a supervisor (supervisors act on any unit); `everyone`
 * includes people not bound yet.
 */
export type Access = 'everyone' | 'caseworker' | 'staff' | 'supervisor' | 'admin' | readonly Grant[];

/** Where a command may be used: key-person detail never goes to a group. */
export type Where = 'any' | 'private' | 'group';

const NAMED_ACCESS: Record<Exclude<Access, readonly Grant[]>, readonly Grant[]> = {
  everyone: ['admin', 'supervisor', 'caseworker', 'unbound'],
  caseworker: ['caseworker'],
  staff: ['caseworker', 'supervisor'],
  supervisor: ['supervisor'],
  admin: ['admin'],
};

/** The roles a command is open to. */
export function grantsOf(cmd: Pick<Command, 'access'>): readonly Grant[] {
  return typeof cmd.access === 'string' ? NAMED_ACCESS[cmd.access] : cmd.access;
}

/** What a command's handler receives. */
export interface CommandContext {
  msg: IncomingMessage;
  person: Person;
  deps: Deps;
  inGroup: boolean;
  /** the rest of the first line, as typed */
  args: string;
  /** `args` split on spaces */
  argv: string[];
  /** `名称：值` lines */
  fields: Map<string, string>;
  /** the name or alias the person typed (`#教育` reaches the 走访 command as 教育) */
  invokedAs: string;
  /** all commands, for #帮助 */
  commands: readonly Command[];
  /** who/when/which message, for a change made by this message */
  meta(unit: string | null): Meta;
  /**
   * Hands heavy work (making a file) over to run off the message path: `work` runs after this
   * reply is sent, while later messages are answered, and must read only what it captured now (a
   * `stateAt` view). Its replies go out when ready, before the asker's later replies. Work that
   * leaves something behind besides its replies checks `givenUp` first: once aborted, the asker
   * has been told it failed.
   */
  later(what: string, work: (givenUp: AbortSignal) => Promise<Reply[]>): void;
}

/** A chat command: data, one file each, registered in `src/commands/index.ts`. */
export interface Command {
  name: string;
  aliases?: string[];
  access: Access;
  /** one line for #帮助 */
  summary: string;
  /** the template to copy, shown by `#帮助 名称` and with every refusal */
  usage: string;
  /**
   * Where it may be used (default: anywhere), for everyone or per role (`{ caseworker: 'private' }`:
   * a caseworker only in private, the others anywhere); dispatch refuses elsewhere and #帮助
   * leaves it out there.
   */
  where?: Where | Partial<Record<Grant, Where>>;
  /** also answered (to those allowed) in a group the campaign does not list: for setting one up */
  anyGroup?: boolean;
  /** what a supervisor it is not open to is told instead of the usual refusal (#绑定: how to log for a unit) */
  forSupervisor?: string;
  /**
   * The `名称：值` field names it reads (aliases too): a message of only such lines, sent without the
   * command, is answered with this command's template instead of being read as free text.
   */
  fields?: readonly string[];
  /** receives a message that is only a photo or file (at most one command: evidence) */
  takesAttachment?: boolean;
  /** listed in #帮助 only while this holds (default: always), e.g. #认领 in private while a code is on offer */
  listed?(deps: Deps, inGroup: boolean): boolean;
  handle(ctx: CommandContext): Promise<Reply[]> | Reply[];
}

/** The command a word names, by name or alias; `#走访5` finds 走访 with `5` left over. Longest name wins. */
export function findCommand(
  word: string,
  commands: readonly Command[],
): { command: Command; rest: string; invokedAs: string } | null {
  let best: { command: Command; rest: string; invokedAs: string } | null = null;
  for (const command of commands) {
    for (const n of [command.name, ...(command.aliases ?? [])]) {
      if (word === n) return { command, rest: '', invokedAs: n };
      if (word.startsWith(n) && (!best || n.length > best.invokedAs.length))
        best = { command, rest: word.slice(n.length), invokedAs: n };
    }
  }
  return best;
}

/** Whether a person holds a grant. */
function holds(g: Grant, p: Person): boolean {
  return (
    (g === 'unbound' && p.unit === null && !p.isAdmin && !p.isSupervisor) ||
    (g === 'admin' && p.isAdmin) ||
    (g === 'supervisor' && p.isSupervisor) ||
    (g === 'caseworker' && p.unit !== null)
  );
}

/** Whether a person's roles let them use a command at all (wherever they ask). */
export function roleAllows(cmd: Pick<Command, 'access'>, p: Person): boolean {
  return grantsOf(cmd).some((g) => holds(g, p));
}

function fits(where: Where, inGroup: boolean): boolean {
  return where === 'any' || (where === 'group') === inGroup;
}

/** Whether a command may be used in this place by this person (through any role that grants it). */
export function placeAllows(cmd: Pick<Command, 'access' | 'where'>, p: Person, inGroup: boolean): boolean {
  const where = cmd.where ?? 'any';
  if (typeof where === 'string') return fits(where, inGroup);
  return grantsOf(cmd).some((g) => holds(g, p) && fits(where[g] ?? 'any', inGroup));
}

/** The one access rule: dispatch refuses and `#帮助` leaves out exactly what this says no to. */
export function allowed(cmd: Command, ctx: Pick<CommandContext, 'person' | 'inGroup'>): boolean {
  return roleAllows(cmd, ctx.person) && placeAllows(cmd, ctx.person, ctx.inGroup);
}

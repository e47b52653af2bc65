import type { Meta } from '../store/state.js';
import type { Deps, IncomingMessage, Person, Reply } from './types.js';

/**
 * Who may use a command. `caseworker`: bound to a unit; `staff`: a caseworker or a supervisor
 * (supervisors act on any unit); `everyone` includes people not bound yet.
 */
export type Access = 'everyone' | 'caseworker' | 'staff' | 'supervisor' | 'admin';

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
  /** kept out of groups (help says so, the command refuses there) */
  privateOnly?: boolean;
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

/** Whether a person's role lets them use a command (`#帮助` lists exactly these). */
export function allowed(cmd: Command, ctx: Pick<CommandContext, 'person'>): boolean {
  const p = ctx.person;
  switch (cmd.access) {
    case 'everyone':
      return true;
    case 'caseworker':
      return p.unit !== null;
    case 'staff':
      return p.unit !== null || p.isSupervisor;
    case 'supervisor':
      return p.isSupervisor;
    case 'admin':
      return p.isAdmin;
  }
}

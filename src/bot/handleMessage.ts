import { groupOf } from '../config/campaign.js';
import {
  allowed,
  type Command,
  type CommandContext,
  findCommand,
  grantsOf,
  roleAllows,
} from '../core/Command.js';
import type { Deps, Destination, IncomingMessage, Outgoing, Person, Reply } from '../core/types.js';
import { UserError } from '../core/UserError.js';
import { whoIs } from '../core/whoIs.js';
import { isoAt } from '../domain/dates.js';
import { StoreWriteError } from '../store/StoreWriteError.js';
import { hazardDraft, looksLikeHazard } from '../views/hazardDraft.js';
import { errorReply } from './errorReply.js';
import { handOver, type Later } from './handOver.js';
import { loneFieldCommand, loneFieldReply } from './loneFieldLines.js';
import { cleanText, hasCommandMark, parseMessage, splitArgs } from './parseMessage.js';

/** Longer messages are refused before any parsing: no command needs more. */
export const MAX_MESSAGE_CHARS = 5000;

const GRANT_NAMES = { admin: '管理员', supervisor: '督导人员（区社区矫正管理局）' } as const;
const GRANT_SHORT = { admin: '管理员', supervisor: '督导' } as const;

/** Why a person may not use a command, in words they can act on. */
function refusal(command: Command, person: Person, inGroup: boolean): string {
  if (!roleAllows(command, person)) {
    const grants = grantsOf(command);
    if (person.isSupervisor && grants.includes('caseworker'))
      return (
        command.forSupervisor ??
        `#${command.name} 仅限司法所工作人员为本单位使用；督导人员不需要绑定单位，可查看全部单位。`
      );
    if (grants.includes('caseworker'))
      return grants.length === 1
        ? '您还没有绑定单位，不能填报。请先发送：#绑定 单位名（例如 #绑定 东城司法所）'
        : '您还没有绑定单位。请先发送：#绑定 单位名（例如 #绑定 东城司法所）';
    const roles = grants.filter((g): g is 'admin' | 'supervisor' => g === 'admin' || g === 'supervisor');
    const who =
      roles.length === 1 ? GRANT_NAMES[roles[0] as 'admin'] : roles.map((g) => GRANT_SHORT[g]).join('和');
    return `此命令仅限${who}使用。${roles.includes('supervisor') ? '发送 #统计 可查看本单位的数据。' : ''}`;
  }
  return inGroup
    ? `#${command.name} 涉及敏感个人信息，只能在与机器人的私聊中使用。`
    : `#${command.name} 只能在工作群里使用。`;
}

/** In a group the campaign does not list, only a command meant for setting one up, from someone allowed. */
function setsUpGroup(msg: IncomingMessage, deps: Deps, commands: readonly Command[]): boolean {
  const text = cleanText(msg.text);
  if ((!hasCommandMark(text) && !msg.mentionsBot) || text.length > MAX_MESSAGE_CHARS) return false;
  const command = findCommand(parseMessage(text).word, commands)?.command;
  if (!command?.anyGroup) return false;
  return allowed(command, { person: whoIs(msg.sender, deps.campaign, deps.store.state), inGroup: true });
}

/** The command word as typed (not half-width-converted), cut at a character boundary with "…". */
function quoteWord(text: string): string {
  const first = (text.split('\n')[0] ?? '').replace(/^\s*[#＃]\s*/, '');
  const word = Array.from(first.split(/[\s\u3000]/)[0] ?? '');
  return word.length > 20 ? `${word.slice(0, 20).join('')}…` : word.join('');
}

/** The one reply a stranger gets: someone in none of the work groups, with no role and no binding. */
export const STRANGER_REFUSAL =
  '您好，这是社区矫正工作群的工作助手，只为工作群成员服务，不能为您办理。如需使用，请联系管理员。';

/**
 * The one entry every transport and test calls: guards, parse, role checks, dispatch, one error path.
 * Returns the replies, addressed to where the message came from; it never throws for a message.
 */
export async function handleMessage(
  msg: IncomingMessage,
  deps: Deps,
  commands: readonly Command[],
): Promise<Outgoing[]> {
  const { campaign } = deps;
  if (msg.room !== null && !groupOf(campaign, msg.room) && !setsUpGroup(msg, deps, commands)) return [];
  const inGroup = msg.room !== null;
  const to = msg.room !== null ? { room: msg.room } : { person: msg.sender.key };
  const person = whoIs(msg.sender, campaign, deps.store.state);
  // a merged group reply names its sender: a member by their recorded name; an unbound person not at
  // all (a display name set to a guessed key person's name must not come back in the group)
  const addressee = inGroup && person.known ? { addressee: person.name } : {};
  const seqAtStart = deps.store.state.seq;
  const send = (replies: Reply[]): Outgoing[] => {
    const changed = deps.store.state.seq !== seqAtStart ? { changed: true } : {};
    return replies.map(({ to: elsewhere, ...reply }) =>
      elsewhere && !sameDestination(elsewhere, to)
        ? { to: elsewhere, reply: reply as Reply, at: msg.at }
        : {
            to,
            reply: reply as Reply,
            at: msg.at,
            inReplyTo: msg.id,
            ...addressee,
            ...changed,
          },
    );
  };
  if (!inGroup && isStranger(msg, person, deps) && !claimOnOffer(msg, deps))
    return send([{ text: STRANGER_REFUSAL }]);

  if (msg.text.length > MAX_MESSAGE_CHARS) {
    if (inGroup && !hasCommandMark(msg.text.trimStart()) && !msg.mentionsBot) return [];
    return send([
      { text: `消息太长（${msg.text.length} 字），请控制在 ${MAX_MESSAGE_CHARS} 字以内、分条发送。` },
    ]);
  }
  const text = cleanText(msg.text);
  if (msg.attachment && text === '') return send(await attachmentTo(msg, deps, commands, person));
  const marked = hasCommandMark(text);
  if (inGroup && !marked && !msg.mentionsBot) return []; // ordinary chatter: never a reply
  if (text.replace(/^[#＃\s]+/, '') === '')
    return send([{ text: '您好，我是隐患排查整治专项活动助手。发送 #帮助 查看可用命令。' }]);

  // `责任人：张敏` alone is a line of a template, not a command (`类别：…` is not #类别) nor a description to draft from
  const lone = loneFieldCommand(text, commands);
  if (lone)
    return send([{ text: loneFieldReply(lone, text.split('\n').filter((l) => l.trim() !== '').length) }]);
  const parsed = parseMessage(text);
  const found = findCommand(parsed.word, commands);
  // What the user typed is quoted back only to a bound member in a private chat: in a group, or to
  // a stranger, an echo passed through the privacy mask tells a right guess from a wrong one.
  const mayEcho = !inGroup && person.role !== 'unbound';
  if (!found) {
    // `@机器人 东城所新发现一个隐患：…`: answer with the command it most likely meant, ready to complete
    if (!marked && looksLikeHazard(text)) return send([{ text: hazardDraft(text) }]);
    return send([
      {
        text: !marked
          ? '没看懂这条消息。命令以 # 开头，例如 #帮助、#进度。'
          : mayEcho
            ? `没有“#${quoteWord(text)}”这个命令。发送 #帮助 查看可用命令。`
            : '没有这个命令。发送 #帮助 查看可用命令。',
      },
    ]);
  }
  const { command, rest, invokedAs } = found;
  const args = [rest, parsed.args].filter((x) => x !== '').join(' ');
  const laters: Later[] = [];
  const ctx = contextOf(msg, deps, commands, { args, fields: parsed.fields, invokedAs }, person, laters);
  const seqBefore = deps.store.state.seq;
  try {
    if (!allowed(command, ctx)) {
      const pending =
        person.request !== null && grantsOf(command).includes('caseworker') && !roleAllows(command, person);
      throw new UserError(
        pending
          ? `您的绑定申请（${person.request?.unit ?? '督导/管理员'}）正在等待管理员或督导批准，批准后即可使用。在此之前可用：#帮助 #我 #进度`
          : refusal(command, person, inGroup),
      );
    }
    if (parsed.duplicateFields.length > 0)
      throw new UserError(
        '有字段写了两次，请只保留一个。',
        command.usage,
        `字段“${parsed.duplicateFields.join('、')}”写了两次，请只保留一个。`,
      ).at(parsed.duplicateFields);
    const replies = send(await command.handle(ctx));
    const { now, refused } = await handOver(laters, msg, deps, send);
    return refused ? now : [...replies, ...now];
  } catch (e) {
    return send(failure(e, msg, deps, person, command, seqBefore, mayEcho, text));
  }
}

function sameDestination(a: Destination, b: Destination): boolean {
  return 'room' in a ? 'room' in b && a.room === b.room : 'person' in b && a.person === b.person;
}

function contextOf(
  msg: IncomingMessage,
  deps: Deps,
  commands: readonly Command[],
  parsed: { args: string; fields: Map<string, string>; invokedAs: string },
  person: Person,
  laters: Later[] = [],
): CommandContext {
  return {
    msg,
    person,
    deps,
    inGroup: msg.room !== null,
    args: parsed.args,
    argv: splitArgs(parsed.args),
    fields: parsed.fields,
    invokedAs: parsed.invokedAs,
    commands,
    meta: (unit) => ({ by: msg.sender.key, unit, at: isoAt(msg.at), msgId: msg.id }),
    later: (what, work) => void laters.push({ what, work }),
  };
}

/**
 * A photo or file without text goes to the command that takes attachments (evidence after #整改),
 * if the sender may use it; otherwise, like chatter, it gets nothing.
 */
async function attachmentTo(
  msg: IncomingMessage,
  deps: Deps,
  commands: readonly Command[],
  person: Person,
): Promise<Reply[]> {
  const command = commands.find((c) => c.takesAttachment);
  if (!command) return [];
  const ctx = contextOf(
    msg,
    deps,
    commands,
    { args: '', fields: new Map(), invokedAs: command.name },
    person,
  );
  if (!allowed(command, ctx)) return [];
  const seqBefore = deps.store.state.seq;
  try {
    return await command.handle(ctx);
  } catch (e) {
    return failure(
      e,
      msg,
      deps,
      person,
      command,
      seqBefore,
      msg.room === null && ctx.person.role !== 'unbound',
      '',
    );
  }
}

function failure(
  e: unknown,
  msg: IncomingMessage,
  deps: Deps,
  person: Person,
  command: Command,
  seqBefore: number,
  mayEcho: boolean,
  typed: string,
): Reply[] {
  if (e instanceof UserError) {
    const inGroup = msg.room !== null;
    const me = { person: msg.sender.key };
    return errorReply(e, typed, { mayEcho, inGroup, reachable: person.known, fields: command.fields }).map(
      ({ text, toSender }) => (toSender ? { text, to: me } : { text }),
    );
  }
  deps.log.error(
    `message ${msg.id} (#${command.name} from ${msg.sender.key}) failed: ${(e as Error).stack ?? e}`,
  );
  if (deps.store.state.seq !== seqBefore)
    return [
      {
        text: `#${command.name} 的更改已保存，但生成回复时出错（编号 ${msg.id}）。请勿重复发送；可用 #进度 或 #历史 核对，或联系管理员。`,
      },
    ];
  if (e instanceof StoreWriteError)
    return [
      {
        text: e.diskFull
          ? `服务器磁盘已满，#${command.name} 未登记，未作任何更改。已通知管理员，请稍后重试。查询类命令仍可使用。`
          : `服务器暂时无法保存数据，#${command.name} 未登记，未作任何更改。已通知管理员，请稍后重试。`,
      },
    ];
  return [
    { text: `处理 #${command.name} 时出错，未作任何更改（编号 ${msg.id}）。请稍后重试，或联系管理员。` },
  ];
}

/**
 * A private message from someone in none of the configured groups who holds no role, binding or
 * roster entry. A transport that cannot say (企业微信: who may message the bot at all is the app's
 * 可见范围, set by the organisation) leaves `senderRooms` out, and nobody is judged a stranger there.
 */
function isStranger(msg: IncomingMessage, person: Person, deps: Deps): boolean {
  if (person.known || msg.senderRooms === undefined) return false;
  return !msg.senderRooms.some((r) => groupOf(deps.campaign, r) !== undefined);
}

/** `#认领 123456` while `npm start` offers a claim code: the first admin may not be in any group yet. */
function claimOnOffer(msg: IncomingMessage, deps: Deps): boolean {
  return deps.claim != null && /^[#＃\s]*认领/.test(cleanText(msg.text));
}

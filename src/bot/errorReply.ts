import type { UserError } from '../core/UserError.js';
import { toHalfWidth } from '../domain/text.js';

/** Put before the wrong line of a quoted message; `cleanText` drops it, so the quote can be sent back as is. */
export const WRONG_LINE_MARK = '👉';

/** The user's own record numbers (`H7`, `P2`) on the command line, by kind. */
function ownIds(firstLine: string): Map<string, string> {
  const ids = new Map<string, string>();
  for (const m of toHalfWidth(firstLine).matchAll(/(?<![A-Za-z0-9])([HPhp])\s*(\d{1,7})(?!\d)/g)) {
    const kind = (m[1] ?? '').toUpperCase();
    if (!ids.has(kind)) ids.set(kind, `${kind}${Number(m[2])}`);
  }
  return ids;
}

/** The template with its sample numbers (`#整改 H3 …`) replaced by the ones the user wrote. */
function withOwnIds(template: string, firstLine: string): string {
  let out = template;
  for (const [kind, id] of ownIds(firstLine))
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${kind}\\d+(?!\\d)`, 'g'), id);
  return out;
}

/** The field name a line starts with (`类别：…` or `类别 …` without its colon), half-width, no spaces. */
function fieldNameOf(line: string): string | null {
  const t = line.trim();
  const m = /^([^:：]{1,12}?)\s*[:：]/.exec(t) ?? /^([^\s:：]{1,12})[\s\u3000]/.exec(t);
  return m ? toHalfWidth(m[1] ?? '').replace(/\s+/g, '') : null;
}

/** Which line of the message is wrong (-1: none named, or not found). */
function wrongLine(lines: readonly string[], line: UserError['line']): number {
  if (line === undefined) return -1;
  if (line === 'command') return 0;
  const names = new Set(line.map((n) => toHalfWidth(n).replace(/\s+/g, '')));
  return lines.findIndex((l, i) => i > 0 && names.has(fieldNameOf(l) ?? ''));
}

/** Where the refused message came from, and what may be said there. */
export interface ErrorAudience {
  /** a private chat with a bound member: what they typed may be quoted back */
  mayEcho: boolean;
  inGroup: boolean;
  /** the bot can write to the sender privately (a known member: bound, on the roster or holding a role) */
  reachable: boolean;
  /** the command's own field names: only these are named in a group (a typed name may be a guess) */
  fields?: readonly string[];
}

/** One message of an error reply; `toSender` goes to the sender privately instead of the conversation. */
export interface ErrorMessage {
  text: string;
  toSender?: true;
}

/** Heads the sample in a group: copied and sent as is, it would log the sample's own 刘某. */
const GROUP_TEMPLATE_LABEL = '模板（示例内容，请逐行换成您自己的内容再发送）：';

/**
 * The reply to a refused message, built in one place for every command.
 *
 * Everywhere: the refusal and its template, with the sample record number replaced by the user's
 * own (`#整改 H7 …` is answered with `#整改 H7 整改中`, not `H3`). The number is rebuilt from its
 * digits, never copied from the text, so it carries nothing else that was typed.
 *
 * In a private chat with a bound member (`mayEcho`), a message of several lines is also sent back as
 * a second message, exactly as typed, with the wrong line marked `👉`: long-press, copy, fix one line,
 * send; nobody retypes a long `#隐患` on a phone. In a group nothing typed is ever repeated: the group
 * hears the refusal and the name of the wrong field (one of the command's own), and a sender the bot
 * can reach gets the marked copy privately (their own text to themselves leaks nothing). Otherwise
 * the sample comes labelled as a template to fill, so that it is not sent back as it stands.
 */
export function errorReply(e: UserError, typed: string, audience: ErrorAudience): ErrorMessage[] {
  const { mayEcho, inGroup, reachable } = audience;
  const lines = typed.split('\n');
  const body = mayEcho && e.echo ? e.echo : e.message;
  const template = e.template === undefined ? undefined : withOwnIds(e.template, lines[0] ?? '');
  const label = inGroup ? GROUP_TEMPLATE_LABEL : '请复制后修改再发送：';
  const withTemplate = (head: string) => (template ? `${head}\n\n${label}\n${template}` : head);
  // a refusal about who may do what (no template, no line) is not about the message: nothing to fix in it
  const aboutTheText = e.template !== undefined || e.line !== undefined;
  const severalLines = lines.filter((l) => l.trim() !== '').length >= 2;
  if (!aboutTheText || !severalLines || (inGroup ? !reachable : !mayEcho))
    return [{ text: withTemplate(body) }];
  const at = wrongLine(lines, e.line);
  const quoted = lines.map((l, i) => (i === at ? `${WRONG_LINE_MARK}${l.trimStart()}` : l)).join('\n');
  const how =
    at >= 0
      ? `下一条是您发来的消息，${WRONG_LINE_MARK} 标出有误的一行：长按复制，改好这一行再发送（${WRONG_LINE_MARK} 不用删）。`
      : '下一条是您发来的消息：长按复制，改好再发送。';
  // a field line marked is all it takes; for the command line, or nothing marked, the forms help
  const reference = at <= 0 && template ? `\n\n格式参考：\n${template}` : '';
  const explained = `${inGroup && e.echo ? e.echo : body}\n\n${how}${reference}`;
  if (!inGroup) return [{ text: explained }, { text: quoted }];
  const name = at > 0 ? fieldNameOf(lines[at] ?? '') : null;
  const named = name !== null && audience.fields?.includes(name) ? `有误的是“${name}”一行。` : '';
  return [
    {
      text: `${body}\n\n${named}您发来的消息已私聊发给您${at >= 0 ? '，标出了有误的一行' : '，附格式参考'}：改好后私聊发送即可。`,
    },
    { text: explained, toSender: true },
    { text: quoted, toSender: true },
  ];
}

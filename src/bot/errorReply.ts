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

/**
 * The reply to a refused message, built in one place for every command.
 *
 * Everywhere: the refusal and its template, with the sample record number replaced by the user's
 * own (`#整改 H7 …` is answered with `#整改 H7 整改中`, not `H3`). The number is rebuilt from its
 * digits, never copied from the text, so it carries nothing else that was typed.
 *
 * In a private chat with a bound member (`mayEcho`), a message of several lines is also sent back as
 * a second message, exactly as typed, with the wrong line marked `👉`: long-press, copy, fix one line,
 * send; nobody retypes a long `#隐患` on a phone. In a group nothing typed is ever repeated.
 */
export function errorReply(e: UserError, typed: string, mayEcho: boolean): string[] {
  const lines = typed.split('\n');
  const body = mayEcho && e.echo ? e.echo : e.message;
  const template = e.template === undefined ? undefined : withOwnIds(e.template, lines[0] ?? '');
  const withTemplate = (head: string) => (template ? `${head}\n\n请复制后修改再发送：\n${template}` : head);
  // a refusal about who may do what (no template, no line) is not about the message: nothing to fix in it
  const aboutTheText = e.template !== undefined || e.line !== undefined;
  if (!mayEcho || !aboutTheText || lines.filter((l) => l.trim() !== '').length < 2)
    return [withTemplate(body)];
  const at = wrongLine(lines, e.line);
  const quoted = lines.map((l, i) => (i === at ? `${WRONG_LINE_MARK}${l.trimStart()}` : l)).join('\n');
  const how =
    at >= 0
      ? `下一条是您发来的消息，${WRONG_LINE_MARK} 标出有误的一行：长按复制，改好这一行再发送（${WRONG_LINE_MARK} 不用删）。`
      : '下一条是您发来的消息：长按复制，改好再发送。';
  // a field line marked is all it takes; for the command line, or nothing marked, the forms help
  const reference = at <= 0 && template ? `\n\n格式参考：\n${template}` : '';
  return [`${body}\n\n${how}${reference}`, quoted];
}

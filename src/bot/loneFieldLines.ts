import type { Command } from '../core/Command.js';
import { toHalfWidth } from '../domain/text.js';

const FIELD_LINE = /^([^:：]{1,12}?)\s*[:：]/;

/**
 * `责任人：张敏` or `时限：9月30日` sent without its command: a line (or lines) of a template, not
 * a description to draft from. The command whose fields they all are (the first listed, if several),
 * or null. Only the field names are read: the answer quotes nothing that was typed.
 */
export function loneFieldCommand(text: string, commands: readonly Command[]): Command | null {
  const lines = text
    .replace(/^\s*[#＃]\s*/, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  const names: string[] = [];
  for (const line of lines) {
    const m = FIELD_LINE.exec(line.trim());
    if (!m) return null;
    names.push(toHalfWidth(m[1] ?? '').replace(/\s+/g, ''));
  }
  return commands.find((c) => c.fields && names.every((n) => c.fields?.includes(n))) ?? null;
}

/** The answer to a lone template line: which command it belongs to, and its template to copy. */
export function loneFieldReply(command: Command, lineCount: number): string {
  const what = lineCount > 1 ? '内容' : '一行';
  return `这像是 #${command.name} 的${what}，请以 #${command.name} 开头整段发送。模板如下（每行改成您的内容）：\n\n${command.usage}`;
}

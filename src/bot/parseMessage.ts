import { stripXmlUnsafe, toHalfWidth } from '../domain/text.js';

/** A message split into its parts, as commands.md describes. */
export interface ParsedMessage {
  /** the first word, without `#` (half-width) */
  word: string;
  /** the rest of the first line as typed (plus any lines before the first field) */
  args: string;
  /** `名称：值` lines: name (half-width, no spaces) → value as typed */
  fields: Map<string, string>;
  /** field names given twice */
  duplicateFields: string[];
}

const QUOTE_RULE = /^\s*(?:[-－—–]\s*){4,}$/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u202A-\u202E\u2066-\u2069]/g;
// C0 controls other than tab and newline.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

/** WeChat's quoted reply puts the quote, then a line of `- - - -`, then the new text: keep only the new text. */
export function stripQuote(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let last = -1;
  lines.forEach((l, i) => {
    if (QUOTE_RULE.test(l)) last = i;
  });
  return (last >= 0 ? lines.slice(last + 1) : lines).join('\n');
}

// the mark an error reply puts before the wrong line (errorReply.ts): a corrected copy may keep it
const WRONG_LINE_MARKS = /^[ \t\u3000]*\u{1F449}[ \t\u3000]*/gmu;

/** Cleans what phones and WeChat add: invisible marks, controls, the quoted-reply prefix, our 👉 marks. */
export function cleanText(text: string): string {
  return stripQuote(stripXmlUnsafe(text.replace(INVISIBLE, '').replace(CONTROL, '')))
    .replace(WRONG_LINE_MARKS, '')
    .trim();
}

/** True when a (cleaned) text is addressed to the bot with `#` or `＃`. */
export function hasCommandMark(text: string): boolean {
  return /^[#＃]/.test(text);
}

/** Splits a cleaned message into command word, arguments and fields. */
export function parseMessage(text: string): ParsedMessage {
  const lines = text.split('\n');
  const first = (lines.shift() ?? '').replace(/^\s*[#＃]\s*/, '').trim();
  const space = first.search(/[\s\u3000]/);
  const word = toHalfWidth(space < 0 ? first : first.slice(0, space));
  let args = space < 0 ? '' : first.slice(space + 1).trim();
  const fields = new Map<string, string>();
  const duplicateFields: string[] = [];
  let current: string | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const m = /^([^:：]{1,12}?)\s*[:：]\s*(.*)$/.exec(line);
    if (m) {
      const name = toHalfWidth(m[1] ?? '').replace(/\s+/g, '');
      if (fields.has(name)) duplicateFields.push(name);
      fields.set(name, (m[2] ?? '').trim());
      current = name;
    } else if (current !== null) {
      fields.set(current, `${fields.get(current)}\n${line}`);
    } else {
      args = args ? `${args} ${line}` : line;
    }
  }
  return { word, args, fields, duplicateFields };
}

/** Splits arguments on spaces of either width. */
export function splitArgs(args: string): string[] {
  return args.split(/[\s\u3000]+/).filter((x) => x.length > 0);
}

/**
 * The bot's replies are plain text, but 企业微信 shows them as markdown, and some of that text is
 * what people typed (a hazard's 情况, a file's name). Typed `[点这里](http://…)` would become a link
 * that seems to come from the bot, `<@userid>` would notify someone, `<font …>` would dress text up.
 * The characters that open those turn into their full-width forms, which read the same to a person
 * and mean nothing to markdown.
 */
export function plainMarkdown(text: string): string {
  return text.replace(/[[\]<>`]/g, (c) => FULL_WIDTH[c] ?? c);
}

const FULL_WIDTH: Record<string, string> = { '[': '［', ']': '］', '<': '＜', '>': '＞', '`': '｀' };

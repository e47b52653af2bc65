/**
 * The most characters one outgoing text may hold. WeChat cuts or refuses longer texts at about 2,000
 * characters; 企业微信's markdown reply allows 4,096 bytes (about 1,300 Chinese characters at 3 bytes
 * each), so a transport with a smaller limit splits further. Every reply and reminder is composed to
 * stay within this; `fitText` is the last guard.
 */
export const MAX_OUTGOING_CHARS = 2000;

/** The most people one message @-mentions: a long list of pings is noise, and WeChat drops them. */
export const MAX_MENTIONS = 20;

/** How many hazards a reminder or summary lists by name; the rest are counted. */
export const MOST_URGENT = 5;

/** The length the limit counts: characters as a person sees them (a surrogate pair is one). */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const CUT_NOTE = '\n……（内容过长，已截断）';

/** The text itself if it fits, else cut at a line break before the limit with a note saying so. */
export function fitText(text: string, limit = MAX_OUTGOING_CHARS): string {
  if (text.length <= limit || charCount(text) <= limit) return text;
  const chars = Array.from(text).slice(0, limit - CUT_NOTE.length);
  const head = chars.join('');
  const br = head.lastIndexOf('\n');
  return `${br > head.length / 2 ? head.slice(0, br) : head}${CUT_NOTE}`;
}

/**
 * `a、b、c` from as many items as fit in `budget` characters, then `more(n)` for the n left out
 * (`等 12 个单位`). The list never exceeds the budget plus the tail.
 */
export function listWithin(
  items: readonly string[],
  budget: number,
  more: (n: number) => string,
  sep = '、',
): string {
  const shown: string[] = [];
  let used = 0;
  for (const it of items) {
    const add = charCount(it) + (shown.length ? sep.length : 0);
    if (used + add > budget) break;
    shown.push(it);
    used += add;
  }
  const left = items.length - shown.length;
  return left > 0 ? `${shown.join(sep)}${more(left)}` : shown.join(sep);
}

import type { TemplateCard } from '@wecom/aibot-node-sdk';
import type { ActionCard } from '../../core/types.js';

/** Characters WeCom shows of a card's title and of its second-level text (26 and 112 advised). */
const TITLE_CHARS = 26;
const TEXT_CHARS = 112;
/** At most six buttons on a button_interaction card. */
export const MAX_BUTTONS = 6;

function cut(s: string, n: number): string {
  const chars = Array.from(s);
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : s;
}

/** The key of button `i`: keys only need to be distinct within a card; the commands stay with the bot. */
export const buttonKey = (i: number): string => `b${i}`;

/** An `ActionCard` as a `button_interaction` template card: its title, its lines, a button per action. */
export function buttonCard(card: ActionCard, taskId: string): TemplateCard {
  return {
    card_type: 'button_interaction',
    main_title: { title: cut(card.title, TITLE_CHARS) },
    ...(card.lines?.length ? { sub_title_text: cut(card.lines.join('\n'), TEXT_CHARS) } : {}),
    button_list: card.actions
      .slice(0, MAX_BUTTONS)
      .map((a, i) => ({ text: cut(a.label, 10), key: buttonKey(i), style: i === 0 ? 1 : 2 })),
    task_id: taskId,
  };
}

/**
 * The card once a click was handled, or for one person while it is (`处理中`) or when it cannot be
 * (`已失效`): a text notice, no buttons left, the same task_id (WeCom requires it for the update).
 */
export function noticeCard(title: string, text: string, taskId: string): TemplateCard {
  return {
    card_type: 'text_notice',
    main_title: { title: cut(title, TITLE_CHARS) },
    sub_title_text: cut(text, TEXT_CHARS),
    task_id: taskId,
  };
}

import type { EventMessage, WSClient, WsFrame } from '@wecom/aibot-node-sdk';
import type { ActionCard, Destination, IncomingMessage, Logger, Outgoing } from '../../core/types.js';
import { type CardTask, CardTasks } from './CardTasks.js';
import { buttonCard, buttonKey, noticeCard } from './templateCards.js';

/** Click events remembered to drop a redelivery. */
const REMEMBERED_CLICKS = 500;

interface Click {
  frame: WsFrame<EventMessage>;
  task: CardTask;
  label: string;
  clicker: string;
  room: string | null;
  /** the card was updated already (处理中 for the clicker, or the outcome) */
  updated: boolean;
  /** the reply into the click's conversation came */
  answered: boolean;
  timer?: NodeJS.Timeout;
}

const sameTo = (a: Destination, b: Destination): boolean =>
  'room' in a ? 'room' in b && a.room === b.room : 'person' in b && a.person === b.person;

/**
 * Buttons on 企业微信: a reply's `cards` go out as `button_interaction` template cards, each with a
 * random task_id that maps, here, to the commands of its buttons. A click (`template_card_event`)
 * becomes a message from the clicker, never from the card's addressee, typing the button's command:
 * it takes the bot's one path with the clicker's rights. WeCom lets the card be updated within 5
 * seconds of the click, on the click's req_id: with the command's reply when it changed records
 * (who did what, for everyone), else the reply goes to the chat as typed and the card stays. A reply
 * that takes longer than `busyMs` shows 处理中 to the clicker first; the outcome then follows as text.
 */
export class CardClicks {
  private readonly tasks: CardTasks;
  private readonly clicks = new Map<string, Click>();

  constructor(
    private readonly client: WSClient,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly busyMs = 3000,
  ) {
    this.tasks = new CardTasks(now);
  }

  /** The template card to send for `card` to `to`, remembered for its clicks. */
  card(card: ActionCard, to: Destination) {
    return buttonCard(card, this.tasks.add(card, to).id);
  }

  /**
   * A click as the message the bot takes, or null: a redelivery, a click while its card is being
   * handled, a card already handled ("已由 X 处理", for the clicker only), a card forgotten.
   */
  arrive(frame: WsFrame<EventMessage>): IncomingMessage | null {
    const body = frame.body;
    const msgid = body?.msgid;
    const clicker = body?.from?.userid;
    const ev = body?.event as { task_id?: string; event_key?: string } | undefined;
    if (!msgid || !clicker || this.clicks.has(msgid)) return null;
    const task = this.tasks.get(ev?.task_id);
    if (!task) {
      this.update(
        frame,
        noticeCard(
          '此卡片已失效',
          '卡片已过期或机器人已重启：请直接发送命令，或重新获取卡片（如 #待核验）。',
          ev?.task_id ?? '',
        ),
        [clicker],
      );
      return null;
    }
    if (task.state === 'busy') return null;
    if (task.state === 'done') {
      const d = task.done;
      // what was said into a private chat is for that person only
      const sees = 'room' in task.to || task.to.person === clicker;
      if (!sees) {
        this.update(frame, noticeCard(task.title, '此卡片已处理。', task.id), [clicker]);
        return null;
      }
      this.update(frame, noticeCard(task.title, `已由 ${d?.by} 处理（${d?.label}）：${d?.text}`, task.id), [
        clicker,
      ]);
      return null;
    }
    const i = task.actions.findIndex((_, n) => buttonKey(n) === ev?.event_key);
    const action = task.actions[i];
    if (!action) return null;
    task.state = 'busy';
    const room = body.chattype === 'group' && body.chatid ? body.chatid : null;
    const click: Click = { frame, task, label: action.label, clicker, room, updated: false, answered: false };
    click.timer = setTimeout(() => {
      if (click.updated || click.answered) return;
      click.updated = true;
      this.update(frame, noticeCard(task.title, `处理中：${action.label}……`, task.id), [clicker]);
    }, this.busyMs);
    click.timer.unref?.();
    this.clicks.set(msgid, click);
    if (this.clicks.size > REMEMBERED_CLICKS) this.clicks.delete(this.clicks.keys().next().value as string);
    return {
      id: msgid,
      room,
      sender: { key: clicker, name: clicker },
      text: action.command,
      mentionsBot: room !== null,
      at: this.now(),
    };
  }

  /**
   * Takes the first text reply into a click's conversation when it can go on the card (the
   * command changed records, within the window): true if it did, false to send it as usual.
   */
  async answer(o: Outgoing): Promise<boolean> {
    const click = o.inReplyTo ? this.clicks.get(o.inReplyTo) : undefined;
    if (!click || click.answered || !('text' in o.reply)) return false;
    const here: Destination = click.room ? { room: click.room } : { person: click.clicker };
    if (!sameTo(o.to, here)) return false;
    click.answered = true;
    clearTimeout(click.timer);
    const { task } = click;
    if (!o.changed) {
      task.state = 'open';
      return false;
    }
    const by = o.addressee ?? click.clicker;
    task.state = 'done';
    task.done = { by, label: click.label, text: o.reply.text };
    if (click.updated) return false;
    click.updated = true;
    try {
      await this.client.updateTemplateCard(
        click.frame,
        noticeCard(task.title, `${by}：${click.label}。${o.reply.text}`, task.id),
      );
      return true;
    } catch (e) {
      this.log.warn(
        `wecom: card ${task.id} not updated (${(e as { errmsg?: string }).errmsg ?? e}); sent as text`,
      );
      return false;
    }
  }

  /** The click's message was handled: a card whose click got no reply into its chat is open again. */
  settled(msgid: string): void {
    const click = this.clicks.get(msgid);
    if (!click) return;
    clearTimeout(click.timer);
    if (click.task.state === 'busy') click.task.state = 'open';
  }

  private update(frame: WsFrame, card: ReturnType<typeof noticeCard>, userids?: string[]): void {
    this.client
      .updateTemplateCard(frame, card, userids)
      .catch((e) => this.log.warn(`wecom: card not updated (${(e as { errmsg?: string }).errmsg ?? e})`));
  }
}

import { randomBytes } from 'node:crypto';
import type { Action, ActionCard, Destination } from '../../core/types.js';

/** How many cards are remembered, and for how long: an older card's click is told to type the command. */
const MAX_TASKS = 1000;
const TASK_LIFE_MS = 7 * 24 * 3600_000;

export interface CardTask {
  id: string;
  title: string;
  actions: Action[];
  /** where the card was sent */
  to: Destination;
  at: number;
  /** `busy` from a click until its command's reply is known; `done` once a click changed records */
  state: 'open' | 'busy' | 'done';
  /** who did what, once done */
  done?: { by: string; label: string; text: string };
}

/**
 * The cards sent with buttons, by task_id, in memory: bounded (the oldest forgotten first) and
 * expiring. A task_id is random, so a click names a card the bot sent, never a command.
 */
export class CardTasks {
  private readonly tasks = new Map<string, CardTask>();

  constructor(private readonly now: () => number) {}

  add(card: ActionCard, to: Destination): CardTask {
    const task: CardTask = {
      id: `jz_${randomBytes(12).toString('hex')}`,
      title: card.title,
      actions: card.actions,
      to,
      at: this.now(),
      state: 'open',
    };
    this.tasks.set(task.id, task);
    if (this.tasks.size > MAX_TASKS) this.tasks.delete(this.tasks.keys().next().value as string);
    return task;
  }

  /** The task, unless unknown (never sent, forgotten, a restart) or expired. */
  get(id: string | undefined): CardTask | undefined {
    const task = id ? this.tasks.get(id) : undefined;
    if (task && this.now() - task.at > TASK_LIFE_MS) {
      this.tasks.delete(task.id);
      return undefined;
    }
    return task;
  }
}

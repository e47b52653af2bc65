import { describe, expect, test } from '@jest/globals';
import { memoryLogger } from '../../src/bot/logger.js';
import { OutboundQueue } from '../../src/bot/OutboundQueue.js';
import type { Outgoing } from '../../src/core/types.js';

const reply = (n: number, text: string, cards?: boolean): Outgoing => ({
  to: { room: 'g' },
  reply: {
    text,
    ...(cards ? { cards: [{ title: 'H1', actions: [{ label: '通过', command: '#核验 H1 通过' }] }] } : {}),
  },
  at: 0,
  inReplyTo: `m${n}`,
  addressee: `员${n}`,
});

describe('a burst of replies into one group, one of them with buttons', () => {
  test('the reply with cards goes alone and keeps them', async () => {
    const sent: Outgoing[] = [];
    let release: () => void = () => {};
    let held = false;
    const q = new OutboundQueue(async (o) => void sent.push(o), memoryLogger(), {
      intervalMs: 1,
      attempts: 1,
      backoffMs: 0,
      sleep: () =>
        new Promise<void>((r) => {
          if (held) return r();
          held = true;
          release = r;
        }),
    });
    const a = q.push([reply(0, 'a')]);
    await new Promise((r) => setImmediate(r));
    const rest = [q.push([reply(1, 'b')]), q.push([reply(2, 'c', true)]), q.push([reply(3, 'd')])];
    release();
    await Promise.all([a, ...rest]);
    const texts = sent.map((o) => ('text' in o.reply ? o.reply.text : ''));
    // without the cards, b c d would be one merged message
    expect(texts).toEqual(['a', 'b', 'c', 'd']);
    const withCards = sent[2]?.reply as { cards?: unknown[] };
    expect(withCards.cards).toHaveLength(1);
  });
});

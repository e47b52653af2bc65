import { describe, expect, test } from '@jest/globals';
import { memoryLogger } from '../../src/app/logger.js';
import { OutboundQueue } from '../../src/app/OutboundQueue.js';
import type { Outgoing } from '../../src/core/types.js';
import { makeBoundBot } from '../kit/testBot.js';

const msg = (text: string, afterSent?: () => Promise<void>): Outgoing => ({
  to: { room: 'g' },
  reply: { text },
  at: 0,
  afterSent,
});

describe('OutboundQueue', () => {
  test('a send that throws is retried with growing backoff and delivered once; afterSent runs after delivery', async () => {
    const log = memoryLogger();
    const waits: number[] = [];
    const events: string[] = [];
    let calls = 0;
    const q = new OutboundQueue(
      async (o) => {
        calls++;
        if (calls <= 2) throw new Error('发送消息过于频繁');
        events.push(`sent ${'text' in o.reply ? o.reply.text : ''}`);
      },
      log,
      { intervalMs: 1500, attempts: 4, backoffMs: 2000, sleep: async (ms) => void waits.push(ms) },
    );
    await q.push([msg('a', async () => void events.push('stamped a')), msg('b')]);
    expect(events).toEqual(['sent a', 'stamped a', 'sent b']);
    expect(waits).toEqual([2000, 4000, 1500, 1500]);
    expect(log.lines.filter((l) => l.startsWith('warn'))).toHaveLength(2);
  });

  test('a message that never goes out is given up and logged, and never stamped', async () => {
    const log = memoryLogger();
    let stamped = false;
    const q = new OutboundQueue(
      async () => {
        throw new Error('network down');
      },
      log,
      { intervalMs: 0, attempts: 3, backoffMs: 1, sleep: async () => {} },
    );
    await q.push([
      msg('x', async () => {
        stamped = true;
      }),
    ]);
    expect(stamped).toBe(false);
    expect(log.lines.join('\n')).toMatch(/giving up: network down/);
  });

  test('messages keep their order across pushes made at once', async () => {
    const sent: string[] = [];
    const q = new OutboundQueue(
      async (o) => void sent.push('text' in o.reply ? o.reply.text : ''),
      memoryLogger(),
      {
        intervalMs: 0,
        attempts: 1,
        backoffMs: 0,
        sleep: async () => {},
      },
    );
    await Promise.all([q.push([msg('1'), msg('2')]), q.push([msg('3')])]);
    expect(sent).toEqual(['1', '2', '3']);
  });

  test('a reminder whose send failed is not marked sent, and the next sweep plans it again', async () => {
    const bot = await makeBoundBot();
    bot.setNow('2022-08-06T09:00:00+08:00');
    const q = new OutboundQueue(
      async () => {
        throw new Error('down');
      },
      memoryLogger(),
      { intervalMs: 0, attempts: 2, backoffMs: 0, sleep: async () => {} },
    );
    await q.push(await bot.engine.remindersDue(bot.now()));
    expect(bot.store.state.reminders['deadline:keyPersons:2022-08-06']).toBeUndefined();
    bot.setNow('2022-08-06T09:11:00+08:00');
    const again = await bot.engine.remindersDue(bot.now());
    expect(again).toHaveLength(1);
    await again[0]?.afterSent?.();
    expect(bot.store.state.reminders['deadline:keyPersons:2022-08-06']).toBeDefined();
    await bot.close();
  });
});

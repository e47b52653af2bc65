import { describe, expect, test } from '@jest/globals';
import { memoryLogger } from '../../src/bot/logger.js';
import { OutboundQueue } from '../../src/bot/OutboundQueue.js';
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
    await q.push(await bot.bot.remindersDue(bot.now()));
    expect(bot.store.state.reminders['deadline:keyPersons:2022-08-06']).toBeUndefined();
    bot.setNow('2022-08-06T09:11:00+08:00');
    const again = await bot.bot.remindersDue(bot.now());
    expect(again).toHaveLength(1);
    await again[0]?.afterSent?.();
    expect(bot.store.state.reminders['deadline:keyPersons:2022-08-06']).toBeDefined();
    await bot.close();
  });
});

describe('a burst of replies into one group', () => {
  const reply = (n: number, text: string, afterSent?: () => Promise<void>): Outgoing => ({
    to: { room: 'g' },
    reply: { text },
    at: 0,
    inReplyTo: `m${n}`,
    addressee: `员${n}`,
    afterSent,
  });

  test('replies waiting for the same group share one message, each part addressed to its sender, within the size limit; each afterSent runs after its message went out', async () => {
    const sent: string[] = [];
    const events: string[] = [];
    let release: () => void = () => {};
    const q = new OutboundQueue(
      async (o) => {
        sent.push('text' in o.reply ? o.reply.text : '');
        events.push(`sent ${sent.length}`);
      },
      memoryLogger(),
      {
        intervalMs: 1500,
        attempts: 1,
        backoffMs: 0,
        maxChars: 200,
        // the first pause holds the queue while the rest of the burst arrives
        sleep: () =>
          new Promise<void>((r) => {
            if (sent.length === 1) release = r;
            else r();
          }),
      },
    );
    const stamp = (n: number) => async () => void events.push(`after ${n}`);
    const first = q.push([reply(0, '已记录 走访 1 次', stamp(0))]);
    await new Promise((r) => setImmediate(r));
    const rest = Array.from({ length: 27 }, (_, i) =>
      q.push([reply(i + 1, `已记录 走访 ${i + 1} 次`, stamp(i + 1))]),
    );
    const other = q.push([{ to: { room: 'h' }, reply: { text: '别的群' }, at: 0, inReplyTo: 'x' }]);
    release();
    await Promise.all([first, ...rest, other]);
    expect(sent[0]).toBe('已记录 走访 1 次');
    // 27 replies of about 17 characters each: a few messages of at most 200, not 27
    const merged = sent.filter((t) => t.startsWith('@'));
    expect(merged.length).toBeLessThan(6);
    for (const t of sent) expect(t.length).toBeLessThanOrEqual(200);
    expect(merged.join('\n\n').split('\n\n')).toEqual(
      Array.from({ length: 27 }, (_, i) => `@员${i + 1} 已记录 走访 ${i + 1} 次`),
    );
    expect(sent).toContain('别的群');
    // every part's afterSent ran after the message carrying it, in order
    const afters = events.filter((e) => e.startsWith('after')).map((e) => Number(e.split(' ')[1]));
    expect(afters).toEqual(Array.from({ length: 28 }, (_, i) => i));
    expect(events.indexOf('after 27')).toBeGreaterThan(
      events.lastIndexOf('sent ', events.indexOf('after 27')),
    );
  });

  test('a file for the same group is never overtaken by a later text', async () => {
    const sent: string[] = [];
    let release: () => void = () => {};
    let held = false;
    const q = new OutboundQueue(
      async (o) => void sent.push('text' in o.reply ? o.reply.text : `[file] ${o.reply.file}`),
      memoryLogger(),
      {
        intervalMs: 1,
        attempts: 1,
        backoffMs: 0,
        sleep: () =>
          new Promise<void>((r) => {
            if (held) return r();
            held = true;
            release = r;
          }),
      },
    );
    const a = q.push([reply(0, 'a')]);
    await new Promise((r) => setImmediate(r));
    const b = q.push([
      reply(1, 'b'),
      { to: { room: 'g' }, reply: { file: 'x.xlsx', form: 'statistics' }, at: 0, inReplyTo: 'm1' },
    ]);
    const c = q.push([reply(2, 'c')]);
    release();
    await Promise.all([a, b, c]);
    expect(sent).toEqual(['a', 'b', '[file] x.xlsx', 'c']);
  });
});

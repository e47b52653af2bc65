import { describe, expect, test } from '@jest/globals';
import { MAX_MESSAGE_CHARS } from '../../src/bot/handleMessage.js';
import { COMMANDS } from '../../src/commands/index.js';
import { GROUP, makeBoundBot, snapshot } from '../kit/testBot.js';

const CORPUS_SIZE = 10_000;

function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

const NASTY = [
  '',
  ' ',
  '\n\n\n',
  '#',
  '＃',
  '#　',
  '。，、；：？！',
  '#!@#$%^&*()',
  '🙂🙃💥',
  '#隐患 🙂',
  "'; DROP TABLE hazards; --",
  '" OR 1=1 --',
  "=cmd|' /C calc'!A0",
  '+SUM(1,2)',
  '-1+1',
  '@SUM(A1)',
  '__proto__',
  'constructor',
  'toString',
  '\u0000\u0001\u0007\u001b[31m',
  '\u202e\u2066反转',
  '\uD800',
  'H0',
  'H-1',
  'H99999999',
  'P0',
  '0',
  '-0',
  '1e9',
  'NaN',
  'Infinity',
  '9月31日',
  '2022-02-30',
  '１２３４５６７８９０',
  '东城',
  '全部',
  '无',
  '已整改',
];
const FIELD_NAMES = [
  '类别',
  '情况',
  '措施',
  '时限',
  '状态',
  '责任人',
  '姓名',
  '性别',
  '类型',
  '矫正类型',
  '矫正期限',
  '__proto__',
  'constructor',
  'prototype',
  '说明',
  '确认',
  '在册',
  '',
];

function randomUnicode(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = random();
    const cp =
      r < 0.4
        ? 0x4e00 + Math.floor(random() * 0x5000)
        : r < 0.6
          ? 0x20 + Math.floor(random() * 0x5f)
          : r < 0.7
            ? 0x1f300 + Math.floor(random() * 0x300)
            : Math.floor(random() * 0xd7ff);
    s += String.fromCodePoint(cp);
  }
  return s;
}

function corpus(): { room: string | null; text: string }[] {
  const random = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const words = COMMANDS.flatMap((c) => [c.name, ...(c.aliases ?? [])]);
  const out: { room: string | null; text: string }[] = [];
  while (out.length < CORPUS_SIZE) {
    const kind = random();
    let text: string;
    if (kind < 0.1) text = randomUnicode(random, 1 + Math.floor(random() * 200));
    else if (kind < 0.12) text = `#${pick(words)} ${'长'.repeat(100_000)}`;
    else if (kind < 0.2) text = pick(NASTY);
    else {
      const lines = [
        `${random() < 0.5 ? '#' : '＃'}${pick(words)} ${pick(NASTY)} ${random() < 0.3 ? pick(NASTY) : ''}`,
      ];
      const n = Math.floor(random() * 6);
      for (let i = 0; i < n; i++)
        lines.push(
          `${pick(FIELD_NAMES)}${random() < 0.5 ? '：' : ':'}${random() < 0.5 ? pick(NASTY) : randomUnicode(random, 5)}`,
        );
      if (random() < 0.1) lines.unshift('「王科长：引用」', '- - - - - - - - - - - - - - -');
      text = lines.join('\n');
    }
    out.push({ room: random() < 0.8 ? GROUP : null, text });
  }
  return out;
}

/** Replies that report a change; anything else must leave the store as it was. */
const ACKNOWLEDGED = /^(已登记|已更新|已修改|已删除|已上报|已更正|已绑定|已解绑)/;

describe(`a corpus of ${CORPUS_SIZE} bad messages`, () => {
  test('no crash, every command answered once and clearly, no internal error, refused ones change nothing', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', '#隐患\n类别：二.4\n情况：x\n措施：y\n时限：9月5日');
    const messages = corpus();
    let answered = 0;
    let refused = 0;
    let changed = 0;
    for (const [i, m] of messages.entries()) {
      const from = ['张敏', '李娜', '王科长', '管理员', '路人'][i % 5] as string;
      const before = snapshot(bot);
      const out = await bot.send(from, m.text, m.room);
      const addressed =
        m.room === null || /^\s*[#＃]/.test(m.text.replace(/^[\s\S]*\n\s*(?:[-－—–]\s*){4,}\n/, ''));
      const texts = out.flatMap((o) => ('text' in o.reply ? [o.reply.text] : []));
      if (addressed && m.text.trim() !== '') {
        expect(out.length).toBeGreaterThanOrEqual(1);
        answered++;
      }
      for (const t of texts) {
        if (t.length === 0)
          throw new Error(`empty reply to ${JSON.stringify(m.text.slice(0, 200))} from ${from}`);
        expect(t).not.toMatch(/时出错|\[object Object\]/);
        // the bot may quote what was typed, but never invent these
        for (const junk of ['undefined', 'NaN', 'null'])
          if (!m.text.includes(junk)) expect(t).not.toContain(junk);
      }
      if (m.text.length > MAX_MESSAGE_CHARS && out.length > 0) expect(texts[0]).toMatch(/消息太长/);
      if (texts.some((t) => ACKNOWLEDGED.test(t))) changed++;
      else {
        expect(snapshot(bot)).toBe(before);
        if (out.length > 0) refused++;
      }
    }
    expect(bot.logs.filter((l) => l.startsWith('error'))).toEqual([]);
    expect(answered).toBeGreaterThan(CORPUS_SIZE * 0.6);
    process.stderr.write(
      `bad input: ${messages.length} messages, ${answered} addressed to the bot, ${refused} refused unchanged, ${changed} accepted\n`,
    );
    await bot.close();
  });
});

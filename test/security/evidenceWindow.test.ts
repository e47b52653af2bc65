import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MAX_EVIDENCE_FILES } from '../../src/commands/hazard/evidence.js';
import { HAZARD, makeBoundBot, tempDir, textOf } from '../kit/testBot.js';

function photo(): string {
  const p = join(tempDir(), '照片.jpg');
  writeFileSync(p, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]));
  return p;
}

const at = (min: number) =>
  `2022-08-05T${String(9 + Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}:00+08:00`;

describe('the evidence window runs from the #整改, and is capped', () => {
  test('one #整改, then a photo every 9 minutes: only those within 10 minutes of the #整改 are kept', async () => {
    const bot = await makeBoundBot();
    const file = photo();
    await bot.say('张敏', HAZARD);
    await bot.say('张敏', '#整改 H1 整改中 已约谈');
    bot.setNow(at(9));
    expect(textOf((await bot.attach('张敏', file, null))[0])).toMatch(/^已保存 H1 的佐证材料.*共 1 份/);
    bot.setNow(at(18));
    expect(textOf((await bot.attach('张敏', file, null))[0])).toMatch(/佐证材料要在发送 #整改.*10 分钟内/);
    bot.setNow(at(27));
    await bot.attach('张敏', file, null);
    expect(bot.store.state.hazards[0]?.evidence).toHaveLength(1);
    // a new #整改 opens a new window
    await bot.say('张敏', '#整改 H1 已整改 已补办销假');
    bot.setNow(at(30));
    expect(textOf((await bot.attach('张敏', file, null))[0])).toMatch(/共 2 份/);
    await bot.close();
  });

  test(`at most ${MAX_EVIDENCE_FILES} files per hazard, said in the reply; the next is refused and not stored`, async () => {
    const bot = await makeBoundBot();
    const file = photo();
    await bot.say('张敏', HAZARD);
    await bot.say('张敏', '#整改 H1 整改中 已约谈');
    for (let i = 0; i < MAX_EVIDENCE_FILES; i++) await bot.attach('张敏', file, null);
    expect(bot.store.state.hazards[0]?.evidence).toHaveLength(MAX_EVIDENCE_FILES);
    const seq = bot.store.state.seq;
    const reply = textOf((await bot.attach('张敏', file, null))[0]);
    expect(reply).toMatch(
      new RegExp(`没有收下这个文件：H1 已有 ${MAX_EVIDENCE_FILES} 份佐证材料（每条隐患最多`),
    );
    expect(bot.store.state.seq).toBe(seq);
    await bot.close();
  });
});

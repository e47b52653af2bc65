import { closeSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import { AttachmentTooLargeError, readCapped } from '../../src/core/readCapped.js';
import { HAZARD, makeBoundBot, snapshot, tempDir, textOf } from '../kit/testBot.js';

const MB = 1024 * 1024;

describe('an attachment is never read whole before its size is checked', () => {
  test('a 3 GB file after #整改 is refused from its size alone: no read, no ERR_FS_FILE_TOO_LARGE', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD, null);
    await bot.say('张敏', '#整改 H1 已整改 已约谈', null);
    const path = join(tempDir('jz-big-'), '录像.mp4');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 3 * 1024 * MB); // sparse: 3 GB declared, nothing on disk
    closeSync(fd);
    const before = snapshot(bot);
    const rss = process.memoryUsage().rss;
    const out = await bot.attach('张敏', path, null);
    expect(out.map(textOf)).toEqual(['文件太大（3072 MB），请控制在 20 MB 以内。']);
    expect(snapshot(bot)).toBe(before);
    // nothing of it was loaded (a generous margin for the rest of the test's allocations)
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * MB);
    await bot.close();
  });

  test('a file that would pass the hazard’s 100 MB total is refused before it is read', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD, null);
    await bot.say('张敏', '#整改 H1 已整改 已约谈', null);
    const dir = tempDir('jz-total-');
    for (let i = 0; i < 5; i++) {
      const p = join(dir, `photo${i}.jpg`);
      writeFileSync(p, Buffer.alloc(19 * MB, i + 1));
      expect(textOf((await bot.attach('张敏', p, null))[0])).toMatch(/^已保存 H1 的佐证材料/);
    }
    const last = join(dir, 'photo5.jpg');
    writeFileSync(last, Buffer.alloc(10 * MB, 9));
    const before = snapshot(bot);
    expect(textOf((await bot.attach('张敏', last, null))[0])).toMatch(/已有 95 MB，再加这份超过上限/);
    expect(snapshot(bot)).toBe(before);
    await bot.close();
  });

  test('readCapped stops the stream at the cap', async () => {
    let pulled = 0;
    const endless = Readable.from(
      (function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(MB);
        }
      })(),
    );
    await expect(readCapped(endless, 5 * MB)).rejects.toBeInstanceOf(AttachmentTooLargeError);
    expect(pulled).toBeLessThan(10);
    expect(endless.destroyed).toBe(true);
    expect((await readCapped(Readable.from([Buffer.from('ab'), Buffer.from('c')]), 3)).toString()).toBe(
      'abc',
    );
  });
});

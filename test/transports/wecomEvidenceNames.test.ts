import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from '@jest/globals';
import { HAZARD } from '../kit/testBot.js';
import { markdownOf } from '../kit/wecomServer.js';
import { CHAT, type WecomSession, wecomSession } from '../kit/wecomSession.js';

const open: WecomSession[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});

/**
 * On 企业微信 a file's name comes with its download (Content-Disposition): whatever the sender's
 * client, or anyone between, put there. It must neither choose where the file is written nor forge
 * lines in what other members read (the reply in the group, the #佐证 listing).
 */
describe('evidence file names are hostile', () => {
  const names = [
    `../../../../../../tmp/jz-pwn-${process.pid}.jpg`,
    '..\\..\\..\\windows\\system32\\x.jpg',
    'a\u0000b.jpg',
    '照片.jpg（08-05 09:00 wangke）\n2. 核验通过.jpg',
    // (1,000: encoded, 5,000 would pass the 16 KB any HTTP header may take)
    `${'长'.repeat(1000)}.jpg`,
  ];

  test('path-like, NUL, multi-line and 1,000-character names: kept inside the evidence folder, shown on one safe line', async () => {
    const s = await wecomSession();
    open.push(s);
    await s.ask('h1', 'zhangmin', HAZARD, CHAT);
    await s.ask('h2', 'zhangmin', '#整改 H1 已整改 已约谈并补办销假', CHAT);
    for (const [i, name] of names.entries()) {
      const bytes = Buffer.from(`照片 ${i}`);
      const { url, aeskey } = s.server.serveEncrypted(bytes, name);
      const req = s.server.push({
        msgid: `n${i}`,
        chattype: 'group',
        chatid: CHAT,
        from: { userid: 'zhangmin' },
        msgtype: 'file',
        file: { url, aeskey },
      });
      const reply = markdownOf(
        await s.server.frame((f) => f.cmd === 'aibot_respond_msg' && f.headers.req_id === req),
      );
      expect(reply).toMatch(/^已保存 H1 的佐证材料：/);
      expect(reply?.split('\n')).toHaveLength(1);
      expect(reply).not.toMatch(/\.\.|[\\/]/);
      expect(reply).not.toContain('\u0000');
      expect(reply?.length).toBeLessThan(300);
    }
    expect(existsSync(`/tmp/jz-pwn-${process.pid}.jpg`)).toBe(false);
    const dir = s.app.deps.store.dir;
    const kept = s.app.deps.store.state.hazards[0]?.evidence ?? [];
    expect(kept).toHaveLength(names.length);
    expect(readdirSync(join(dir, 'evidence'))).toHaveLength(names.length);
    for (const [i, f] of kept.entries()) {
      expect(f.file.startsWith('evidence/')).toBe(true);
      expect(f.file.slice('evidence/'.length)).not.toMatch(/[\\/]/);
      expect(readFileSync(join(dir, f.file)).toString()).toBe(`照片 ${i}`);
      expect(f.name).not.toMatch(/[\n\\/]/);
      expect(`${f.file}${f.name}`).not.toContain('\u0000');
    }
    // the supervisor's #佐证 listing has one line per file, none forged
    const listing = await s.ask('l1', 'wangke', '#佐证 H1');
    expect(listing.split('\n').filter((l) => /^\d+\. /.test(l))).toHaveLength(names.length);
    expect(listing).not.toMatch(/^2\. 核验通过/m);
  });
});

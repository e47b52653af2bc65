import { appendFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { AttachmentTooLargeError } from '../../src/core/readCapped.js';
import { fileAttachment } from '../../src/transports/LocalTransport.js';
import { downloadMedia } from '../../src/transports/wecom/downloadMedia.js';
import { GROUP, HAZARD, makeBoundBot, snapshot, tempDir } from '../kit/testBot.js';

const MB = 1024 * 1024;

/** A media server that answers every request with `head` and then pushes `body` bytes of 7s. */
async function lyingServer(head: string, body: number): Promise<{ url: string; server: Server }> {
  const server = createServer((socket) => {
    socket.once('data', () => {
      socket.write(head);
      const piece = Buffer.alloc(64 * 1024, 7);
      let sent = 0;
      const more = () => {
        while (sent < body && !socket.destroyed) {
          sent += piece.length;
          if (!socket.write(piece)) return void socket.once('drain', more);
        }
        socket.end();
      };
      more();
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/media`, server };
}

/** A size declared before the bytes is a claim: whatever it says, what is read stops at the cap. */
describe('an attachment that lies about its size', () => {
  test('a local file that declared 8 bytes and grew to 30 MB before it was read: refused at 20 MB, nothing kept', async () => {
    const bot = await makeBoundBot();
    await bot.say('张敏', HAZARD, null);
    await bot.say('张敏', '#整改 H1 已整改 已约谈', null);
    const path = join(tempDir('jz-grow-'), '照片.jpg');
    writeFileSync(path, Buffer.alloc(8, 1));
    const attachment = fileAttachment(path);
    expect(attachment.size).toBe(8);
    appendFileSync(path, Buffer.alloc(30 * MB, 2));
    const before = snapshot(bot);
    const sent = bot.sent.length;
    await bot.bot.receive({
      id: 'grow-1',
      room: GROUP,
      sender: { key: '张敏', name: '张敏' },
      text: '',
      mentionsBot: false,
      at: bot.now(),
      attachment,
    });
    const replies = bot.sent.slice(sent).map((o) => ('text' in o.reply ? o.reply.text : '[file]'));
    expect(replies).toEqual(['文件太大，请控制在 20 MB 以内。']);
    expect(snapshot(bot)).toBe(before);
    await bot.close();
  });

  test('企业微信 media that declares Content-Length 100 and streams 30 MB: at most the 100 declared bytes are taken', async () => {
    const { url, server } = await lyingServer('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n', 30 * MB);
    try {
      const got = await downloadMedia(url, undefined, 20 * MB).then(
        (r) => r.buffer.length,
        () => 0,
      );
      expect(got).toBeLessThanOrEqual(100);
    } finally {
      server.close();
    }
  });

  test('企业微信 media sent with no length and no end, past the cap: cut off there', async () => {
    const { url, server } = await lyingServer('HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n', 30 * MB);
    try {
      await expect(downloadMedia(url, undefined, 2 * MB)).rejects.toBeInstanceOf(AttachmentTooLargeError);
    } finally {
      server.close();
    }
  });
});

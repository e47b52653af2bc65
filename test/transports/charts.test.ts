import { describe, expect, test } from '@jest/globals';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/reports/charts/renderChart.js';
import { readPng } from '../kit/readPng.js';
import { CHAT, wecomSession } from '../kit/wecomSession.js';

describe('a chart on 企业微信', () => {
  test('#进度 图 in the group goes up as an image and is posted as an image message', async () => {
    const s = await wecomSession();
    try {
      s.server.text('c1', 'zhangmin', '#进度 图', CHAT);
      const sent = await s.server.frame((f) => f.body?.msgtype === 'image');
      const uploaded = s.server.files.get(sent.body.image.media_id);
      expect(uploaded?.type).toBe('image');
      expect(uploaded?.filename).toMatch(/^图-各表上报进度-\d{8}-\d{4}\.png$/);
      const png = readPng(uploaded?.data as Buffer);
      expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
      // the line answered the message; the picture follows to the same group
      expect([sent.cmd, sent.body.chatid]).toEqual(['aibot_send_msg', CHAT]);
    } finally {
      await s.close();
    }
  }, 60_000);

  test('an .xlsx still goes up as a file', async () => {
    const s = await wecomSession();
    try {
      s.server.text('c2', 'wangke', '#统计');
      const sent = await s.server.frame((f) => f.body?.msgtype === 'file');
      expect(s.server.files.get(sent.body.file.media_id)?.type).toBe('file');
    } finally {
      await s.close();
    }
  }, 60_000);
});

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Outgoing } from '../../../src/core/types.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../../../src/reports/charts/renderChart.js';
import { campaignInProgress } from '../../kit/campaignData.js';
import { readPng } from '../../kit/readPng.js';
import { GROUP, type TestBot, textOf } from '../../kit/testBot.js';

function pictures(out: Outgoing[]) {
  return out.flatMap((o) => ('file' in o.reply ? [{ to: o.to, ...o.reply }] : []));
}

describe('#进度 图 and #统计 图', () => {
  let b: TestBot;
  beforeAll(async () => {
    b = await campaignInProgress();
  }, 60_000);
  afterAll(() => b.close());

  test('#进度 图 in the group: a line, then the picture to the group, marked as an image', async () => {
    const out = await b.send('张敏', '#进度 图');
    expect(textOf(out[0])).toBe('上报进度图：');
    const [pic] = pictures(out);
    expect(pic).toMatchObject({ to: { room: GROUP }, form: 'chart', image: true });
    expect(pic?.file).toMatch(/图-各表上报进度-20220912-1000\.png$/);
    const png = readPng(readFileSync(pic?.file ?? ''));
    expect([png.width, png.height]).toEqual([CHART_WIDTH, CHART_HEIGHT]);
  });

  test('#统计 图 sends two pictures (status per unit, categories); someone not bound gets none', async () => {
    const out = await b.send('王科长', '#统计 图');
    expect(pictures(out).map((p) => p.file.replace(/.*\/图-|-\d{8}-\d{4}(-\d+)?\.png$/g, ''))).toEqual([
      '各单位隐患整改情况',
      '隐患类别分布',
    ]);
    const stranger = await b.send('路人', '#统计 图');
    expect(pictures(stranger)).toEqual([]);
  });

  test('the bot keeps no copy: each picture is deleted from its folder once delivered', async () => {
    await b.send('李娜', '#进度 图');
    const dir = join(b.dir, 'files');
    const left = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(left).toEqual([]);
  });

  test('a picture is written owner-only', async () => {
    // the recipient's copy keeps the mode the bot wrote it with
    const out = await b.send('张敏', '#进度 图', null);
    const [pic] = pictures(out);
    expect(statSync(pic?.file ?? '').mode & 0o777).toBe(0o600);
    expect(pic?.to).toEqual({ person: '张敏' });
  });
});

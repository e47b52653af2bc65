import { describe, expect, test } from '@jest/globals';
import { summaryFacts } from '../../../src/reports/summary/summaryFacts.js';
import { summaryCharts, writeSummary } from '../../../src/reports/summary/writeSummary.js';
import { applyEvent } from '../../../src/store/applyEvent.js';
import { type EventBody, emptyState } from '../../../src/store/state.js';
import { readDocx } from '../../kit/readDocx.js';
import { tempDir, testCampaign } from '../../kit/testBot.js';

describe('#总结 for a campaign of 4,000 units', () => {
  test('the body names at most 20 units a list and counts the rest; the appendix lists every unit', async () => {
    const units = Array.from({ length: 4000 }, (_, i) => `第${i + 1}司法所`);
    const campaign = testCampaign({ units, groups: [{ name: '工作群', units }] });
    const state = emptyState();
    const hazard = (unit: string, n: number): [string, EventBody] => [
      unit,
      {
        type: 'hazard.add',
        hazard: {
          category: n % 2 ? '二.4' : '一.1',
          situation: '请假超时',
          measure: '约谈',
          department: unit,
          owner: '甲',
          deadline: '2022-09-05',
          status: n % 3 ? '整改中' : '未整改',
          note: null,
        },
      },
    ];
    const events = units.slice(0, 300).flatMap((u, i) => [hazard(u, i), hazard(u, i + 1)]);
    events.push(['第7司法所', { type: 'submit', form: 'hazards', empty: false }]);
    events.forEach(([unit, body], i) => {
      applyEvent(state, {
        ...body,
        by: 'x',
        unit,
        at: '2022-08-20T09:00:00+08:00',
        msgId: null,
        seq: i + 1,
      } as never);
    });
    const now = Date.parse('2022-09-12T10:00:00+08:00');
    const facts = summaryFacts(state, campaign, { now, returns: new Map(), mask: (s) => s });
    expect(summaryCharts(facts).status?.labels).toHaveLength(21);
    const doc = readDocx(await writeSummary(facts, campaign, tempDir()));
    const missing = doc.paragraphs.find((p) => p.startsWith('附件1：未上报'));
    expect(missing).toMatch(/等 3999 个单位（全部名单见附表2）/);
    expect((missing ?? '').match(/司法所/g)?.length).toBeLessThanOrEqual(21);
    // the appendix: tables of 200 rows, each with its header (LibreOffice takes minutes over one of 4,000)
    const appendix = doc.tables.filter((t) => t[0]?.[1] === '单位');
    expect(appendix.map((t) => t.length)).toEqual(Array(20).fill(201));
    const listed = appendix.flatMap((t) => t.slice(1));
    expect(listed.map((r) => r[1])).toEqual(units);
    expect(listed[6]?.slice(1)).toEqual(['第7司法所', '按时上报', '未上报', '未上报']);
    const statRows = doc.tables.filter((t) => t[0]?.[0] === '地区').flatMap((t) => t.slice(1));
    expect(statRows.filter((r) => /^第\d+司法所$/.test(r[0] ?? '')).map((r) => r[0])).toEqual(units);
  }, 120_000);
});

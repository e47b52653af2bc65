import { describe, expect, test } from '@jest/globals';
import { computeStatistics, formatRate } from '../../src/reports/statistics.js';
import { applyEvent } from '../../src/store/applyEvent.js';
import { type EventBody, emptyState, type HazardFields, type State } from '../../src/store/state.js';

const UNITS = ['东城司法所', '西城司法所', '南城司法所', '北城司法所'];

/** Builds a state through the real reducer, as the store would. */
function build(events: [string, EventBody][]): State {
  const s = emptyState();
  for (const [i, [unit, body]] of events.entries())
    applyEvent(s, {
      ...body,
      by: 'x',
      unit,
      at: '2022-08-05T09:00:00+08:00',
      msgId: null,
      seq: i + 1,
    } as never);
  return s;
}
const hz = (status: HazardFields['status']): EventBody => ({
  type: 'hazard.add',
  hazard: {
    category: '二.4',
    situation: 's',
    measure: 'm',
    department: 'd',
    owner: 'o',
    deadline: '2022-09-01',
    status,
    note: status === '已整改' || status === '无法整改' ? 'n' : null,
  },
});
const kp = (name: string): EventBody => ({
  type: 'keyPerson.add',
  person: {
    name,
    gender: '男',
    correctionType: '缓刑',
    types: ['涉毒'],
    crime: '',
    sentence: '',
    termStart: null,
    termEnd: null,
    risk: '',
    measures: 'm',
    owner: 'o',
  },
});
const fig = (report: Extract<EventBody, { type: 'figure' }>['report']): EventBody => ({
  type: 'figure',
  report,
});

describe('computeStatistics (附件3)', () => {
  const state = build([
    ['东城司法所', hz('未整改')],
    ['东城司法所', hz('整改中')],
    ['东城司法所', hz('已整改')],
    ['东城司法所', hz('已整改')],
    ['东城司法所', { type: 'hazard.withdraw', id: 4, reason: '重复' }],
    ['西城司法所', hz('无法整改')],
    ['东城司法所', kp('甲')],
    ['东城司法所', kp('乙')],
    ['西城司法所', kp('丙')],
    ['西城司法所', { type: 'keyPerson.withdraw', id: 3, reason: '解矫' }],
    ['东城司法所', fig({ kind: 'add', item: '走访', n: 5 })],
    ['东城司法所', fig({ kind: 'add', item: '走访', n: 7 })],
    ['东城司法所', fig({ kind: 'correct', item: '走访', n: -2, reason: '重复' })],
    ['东城司法所', fig({ kind: 'add', item: '教育', n: 3 })],
    ['西城司法所', fig({ kind: 'add', item: '帮扶', n: 4 })],
    ['西城司法所', fig({ kind: 'add', item: '惩处', n: 1 })],
    ['东城司法所', fig({ kind: 'set', item: '应收未收', value: 2 })],
    ['东城司法所', fig({ kind: 'set', item: '应收未收', value: 0 })],
    ['东城司法所', fig({ kind: 'set', item: '脱管', value: 1 })],
    ['西城司法所', fig({ kind: 'set', item: '脱管', value: 0 })],
    ['东城司法所', fig({ kind: 'locate', registered: 10, located: 10 })],
    ['西城司法所', fig({ kind: 'locate', registered: 90, located: 45 })],
    ['南城司法所', fig({ kind: 'locate', registered: 0, located: 0 })],
  ]);
  const t = computeStatistics(state, { units: UNITS });
  const row = (u: string) => t.rows.find((r) => r.unit === u);

  test('per unit: statuses from 附件1 (withdrawn left out), key persons from 附件2, figures as reported', () => {
    expect(row('东城司法所')).toEqual({
      unit: '东城司法所',
      statuses: { 无法整改: 0, 未整改: 1, 整改中: 1, 已整改: 1 },
      hazardTotal: 3,
      keyPersons: 2,
      uncollected: 0,
      absconded: 1,
      registered: 10,
      located: 10,
      rate: 1,
      visits: 10,
      punishments: 0,
      education: 3,
      assistance: 0,
    });
    expect(row('西城司法所')).toMatchObject({
      statuses: { 无法整改: 1, 未整改: 0, 整改中: 0, 已整改: 0 },
      keyPersons: 0,
      uncollected: null,
      absconded: 0,
      rate: 0.5,
      punishments: 1,
      assistance: 4,
    });
  });

  test('a unit with 在册 0 has no rate ("—"); a unit with nothing is all zeros and unreported', () => {
    expect(row('南城司法所')?.rate).toBeNull();
    expect(formatRate(row('南城司法所')?.rate ?? null)).toBe('—');
    expect(row('北城司法所')).toMatchObject({
      hazardTotal: 0,
      keyPersons: 0,
      uncollected: null,
      absconded: null,
      registered: null,
      rate: null,
      visits: 0,
    });
  });

  test("合计 sums every count; its rate is Σ定位/Σ在册, not the mean of the units' rates", () => {
    expect(t.total).toMatchObject({
      unit: '合计',
      statuses: { 无法整改: 1, 未整改: 1, 整改中: 1, 已整改: 1 },
      hazardTotal: 4,
      keyPersons: 2,
      uncollected: 0,
      absconded: 1,
      registered: 100,
      located: 55,
      visits: 10,
      punishments: 1,
      education: 3,
      assistance: 4,
    });
    expect(t.total.rate).toBeCloseTo(0.55, 10);
    // the mean of 100% and 50% would be 75%
    expect(formatRate(t.total.rate)).toBe('55.0%');
  });

  test('the result follows the store: a later change gives a new table', () => {
    const s2 = build([['东城司法所', hz('未整改')]]);
    expect(computeStatistics(s2, { units: UNITS }).total.hazardTotal).toBe(1);
    applyEvent(s2, {
      type: 'hazard.edit',
      id: 1,
      changes: { status: ['未整改', '整改中'] },
      by: 'x',
      unit: '东城司法所',
      at: '',
      msgId: null,
      seq: 2,
    });
    expect(computeStatistics(s2, { units: UNITS }).total.statuses).toMatchObject({ 未整改: 0, 整改中: 1 });
  });
});

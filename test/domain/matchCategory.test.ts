import { describe, expect, test } from '@jest/globals';
import { CATEGORIES } from '../../src/domain/catalog.js';
import { matchCategory } from '../../src/domain/matchCategory.js';

describe('matchCategory', () => {
  test("there are the plan's 24 categories, 5 + 13 + 6", () => {
    expect(CATEGORIES).toHaveLength(24);
    expect(CATEGORIES.map((c) => c.code).slice(0, 6)).toEqual([
      '一.1',
      '一.2',
      '一.3',
      '一.4',
      '一.5',
      '二.1',
    ]);
    expect(CATEGORIES.at(-1)?.code).toBe('三.6');
  });

  test.each([
    '二.4',
    '2-4',
    '二4',
    '2.4',
    '（二）4',
    '二、4',
    '２．４',
    '二.4 不假外出、审批不严和请假超时',
    '不假外出',
    '请假超时',
  ])('%s is 二.4', (text) => {
    const m = matchCategory(text);
    expect(m.ok && m.category.code).toBe('二.4');
  });

  test.each([
    ['1-1', '一.1'],
    ['三6', '三.6'],
    ['2.13', '二.13'],
    ['疫情防控', '二.10'],
  ])('%s is %s', (text, code) => {
    const m = matchCategory(text);
    expect(m.ok && m.category.code).toBe(code);
  });

  test('an unknown item lists the candidates of its group', () => {
    const m = matchCategory('一.9');
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.candidates.map((c) => c.code)).toEqual(['一.1', '一.2', '一.3', '一.4', '一.5']);
  });

  test('an ambiguous fragment lists every category it fits', () => {
    const m = matchCategory('不到位');
    expect(m.ok).toBe(false);
    if (!m.ok) {
      expect(m.reason).toBe('ambiguous');
      expect(m.candidates.length).toBeGreaterThan(3);
      expect(m.candidates.every((c) => c.name.includes('不到位'))).toBe(true);
    }
  });

  test('nonsense is unknown, with candidates offered', () => {
    const m = matchCategory('量子纠缠');
    expect(m.ok).toBe(false);
    if (!m.ok) expect(m.candidates.length).toBeGreaterThan(0);
  });
});

import { afterEach, describe, expect, test } from '@jest/globals';
import { dateOf, endOfDate, isoAt, parseDate, parseDateRange, startOfDate } from '../../src/domain/dates.js';

describe('parseDate', () => {
  test.each([
    ['2022-09-06', '2022-09-06'],
    ['2022/9/6', '2022-09-06'],
    ['2022年9月6日', '2022-09-06'],
    ['9月6日', '2022-09-06'],
    ['9月6号', '2022-09-06'],
    ['9.6', '2022-09-06'],
    ['9-6', '2022-09-06'],
    ['９月６日', '2022-09-06'],
    [' 9月6日前 ', '2022-09-06'],
    ['20220906', '2022-09-06'],
  ])('%s → %s', (text, want) => {
    expect(parseDate(text, 2022)).toBe(want);
  });

  test.each(['9月31日', '2022-02-29', '13.1', '0.5', '明天', '', '9月', '2022-09-06-01'])(
    'refuses %s',
    (text) => {
      expect(parseDate(text, 2022)).toBeNull();
    },
  );

  // official documents write dates in Chinese numerals
  test.each([
    ['八月十五日', '2022-08-15'],
    ['九月三十日', '2022-09-30'],
    ['2022年九月六日', '2022-09-06'],
    ['9月三十日', '2022-09-30'],
    ['二〇二二年九月六日', '2022-09-06'],
    ['二零二二年十二月三十一日', '2022-12-31'],
    ['二〇二三年二月二十八日', '2023-02-28'],
    ['十月一日', '2022-10-01'],
    ['八月三十一号', '2022-08-31'],
    ['九月二十日前', '2022-09-20'],
  ])('%s → %s', (text, want) => {
    expect(parseDate(text, 2022)).toBe(want);
  });

  test.each([
    '九月三十一日',
    '二月三十日',
    '二〇二三年二月二十九日',
    '十三月一日',
    '九月',
    '三十一日',
    '二二年九月六日',
    '九月六六日',
  ])('refuses %s (the same strict check)', (text) => {
    expect(parseDate(text, 2022)).toBeNull();
  });

  test('a leap day exists only in leap years', () => {
    expect(parseDate('2024-02-29', 2022)).toBe('2024-02-29');
    expect(parseDate('2月29日', 2023)).toBeNull();
  });
});

describe('parseDateRange', () => {
  test.each([
    ['2022-01-01至2024-12-31', { start: '2022-01-01', end: '2024-12-31' }],
    ['2022.1.1-2024.12.31', { start: '2022-01-01', end: '2024-12-31' }],
    ['2022-03-01-2024-02-29', { start: '2022-03-01', end: '2024-02-29' }],
    ['2022/3/1~2024/2/29', { start: '2022-03-01', end: '2024-02-29' }],
  ])('%s', (text, want) => {
    expect(parseDateRange(text, 2022)).toEqual(want);
  });

  test('refuses an end before the start, or a bad date', () => {
    expect(parseDateRange('2024-01-01至2022-01-01', 2022)).toBeNull();
    expect(parseDateRange('2022-02-30至2024-01-01', 2022)).toBeNull();
  });
});

describe('Shanghai time whatever the server TZ', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  test.each(['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati'])('TZ=%s', (tz) => {
    process.env.TZ = tz;
    // 2022-09-06 23:30 in Shanghai is still the 6th there, and the deadline has not passed.
    const late = Date.parse('2022-09-06T15:30:00Z');
    expect(dateOf(late)).toBe('2022-09-06');
    expect(late < endOfDate('2022-09-06')).toBe(true);
    expect(isoAt(startOfDate('2022-09-06', '09:00'))).toBe('2022-09-06T09:00:00+08:00');
    expect(endOfDate('2022-09-06')).toBe(Date.parse('2022-09-07T00:00:00+08:00'));
  });
});

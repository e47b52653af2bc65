import { describe, expect, test } from '@jest/globals';
import { rowHeight, textWidth } from '../../src/reports/rowHeights.js';

// A 附件1 row is as tall as its longest cell needs: its lines at the column's width (less 1.5
// units), 15 points a line and 5 more, at least 20 and at most 409 (Excel's limit). Programs that
// open the file do not grow rows themselves, so a short height cuts the printed text.
const col = (width: number) => ({ width });

describe('row heights of the ledgers', () => {
  test('a short text is one line, 20 points', () => {
    expect(rowHeight(['短'], [col(10)])).toBe(20);
  });

  test('Chinese text wraps at the column width: 20 characters in a width of 10 take 5 lines', () => {
    // 40 units of text, 8.5 units a line
    expect(rowHeight(['矫'.repeat(20)], [col(10)])).toBe(5 * 15 + 5);
  });

  test('each line break starts a new line, an empty line still takes one', () => {
    // 序号 of a 重大 hazard: "1" and "（重大）" (8 units in 4.5 a line: 2 lines)
    expect(rowHeight(['1\n（重大）'], [col(6)])).toBe(3 * 15 + 5);
    expect(rowHeight(['a\n\nb'], [col(10)])).toBe(3 * 15 + 5);
  });

  test('a character outside the BMP counts once, not as its two halves', () => {
    expect(textWidth('𠀀')).toBeCloseTo(1.1);
    // ten of them: 11 units, 2 lines in 8.5 a line (22 units would be 3)
    expect(rowHeight(['𠀀'.repeat(10)], [col(10)])).toBe(2 * 15 + 5);
  });

  test('the tallest cell decides; numbers, dates and empty cells are one line', () => {
    const row = [7, '短', '矫'.repeat(20), null, new Date('2022-09-05T00:00:00Z'), ''];
    expect(rowHeight(row, [col(6), col(10), col(10), col(10), col(15), col(10)])).toBe(80);
    expect(rowHeight([7, null, new Date(0), ''], [col(6), col(6), col(6), col(6)])).toBe(20);
  });

  test('a very long text stops at 409 points', () => {
    expect(rowHeight(['矫'.repeat(5000)], [col(10)])).toBe(409);
  });
});

import { UserError } from '../../core/UserError.js';
import { CUMULATIVE_FIGURES, type CumulativeFigure } from '../../domain/catalog.js';
import { digitsFromChinese, toHalfWidth } from '../../domain/text.js';

/** A report larger than this is almost surely a typo (a district has a few hundred people under correction). */
export const MAX_REPORT = 10_000;

/** Reads `走访 5 教育 3`, `走访5教育3`, `走访 +5`: pairs of a cumulative item and a number. */
export function parseFigurePairs(text: string, template: string): { item: CumulativeFigure; n: number }[] {
  const t = digitsFromChinese(toHalfWidth(text).replace(/人次|次/g, ' '));
  const re = new RegExp(`\\s*(${CUMULATIVE_FIGURES.join('|')})\\s*[:：]?\\s*([+-]?\\d+)?\\s*`, 'y');
  const pairs: { item: CumulativeFigure; n: number }[] = [];
  let pos = 0;
  while (pos < t.length) {
    re.lastIndex = pos;
    const m = re.exec(t);
    if (!m)
      throw new UserError(
        '有看不懂的部分。人次要写成“走访 5”这样的项目加数字。',
        template,
        `看不懂“${t.slice(pos, pos + 10).trim()}”。人次要写成“走访 5”这样的项目加数字。`,
      );
    if (m[2] === undefined) throw new UserError(`“${m[1]}”后面要写人次数，例如 #${m[1]} 5。`, template);
    pairs.push({ item: m[1] as CumulativeFigure, n: Number(m[2]) });
    pos = re.lastIndex;
  }
  if (pairs.length === 0) throw new UserError('请写上人次数。', template);
  return pairs;
}

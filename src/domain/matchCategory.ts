import { CATEGORIES, CATEGORY_BY_CODE, CHINESE_NUMERALS, type HazardCategory } from './catalog.js';
import { toHalfWidth } from './text.js';

/** A category found, or the candidates to offer when the text was unknown or ambiguous. */
export type CategoryMatch =
  | { ok: true; category: HazardCategory }
  | { ok: false; reason: 'unknown' | 'ambiguous'; candidates: HazardCategory[] };

const CODE = /^(?:[(（]?([一二三123])[)）]?)[.\-、．,，\s]*(\d{1,2})(?!\d)/;

function strip(s: string): string {
  return s.replace(/[\s()（）“”"、，,。.:：]/g, '');
}

/** Matches `二.4`, `2-4`, `二4`, `2.4`, `（二）4`, `二.4 不假外出…`, or a few characters of the name (`不假外出`). */
export function matchCategory(text: string): CategoryMatch {
  const t = toHalfWidth(text).trim();
  const m = CODE.exec(t);
  if (m) {
    const g = m[1] ?? '';
    const group = /\d/.test(g) ? Number(g) : CHINESE_NUMERALS.indexOf(g as never) + 1;
    const code = `${CHINESE_NUMERALS[group - 1]}.${Number(m[2])}`;
    const found = CATEGORY_BY_CODE.get(code);
    if (found) return { ok: true, category: found };
    return { ok: false, reason: 'unknown', candidates: CATEGORIES.filter((c) => c.group === group) };
  }
  const needle = strip(t);
  if (needle.length === 0) return { ok: false, reason: 'unknown', candidates: [...CATEGORIES] };
  const hits = CATEGORIES.filter((c) => strip(c.name).includes(needle));
  if (hits.length === 1 && hits[0]) return { ok: true, category: hits[0] };
  if (hits.length > 1) return { ok: false, reason: 'ambiguous', candidates: hits };
  // No exact fragment: offer the categories sharing the most characters, so a typo still finds its way.
  const scored = CATEGORIES.map((c) => ({
    c,
    score: Array.from(new Set(needle)).filter((ch) => c.name.includes(ch)).length,
  }))
    .filter((x) => x.score >= Math.min(2, needle.length))
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((x) => x.c);
  return { ok: false, reason: 'unknown', candidates: scored.length > 0 ? scored : [...CATEGORIES] };
}

import { toHalfWidth } from '../domain/text.js';
import { UserError } from './UserError.js';

export type UnitMatch = { ok: true; unit: string } | { ok: false; candidates: string[] };

const SUFFIX = /(司法所|所)$/;

/** `东城司法所`, `东城所`, `东城`: exact first, then by the name without 司法所, then by any part. */
export function matchUnit(text: string, units: readonly string[]): UnitMatch {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  if (t === '') return { ok: false, candidates: [...units] };
  if (units.includes(t)) return { ok: true, unit: t };
  const core = t.replace(SUFFIX, '');
  const exactCore = units.filter((u) => u.replace(SUFFIX, '') === core);
  if (exactCore.length === 1 && exactCore[0]) return { ok: true, unit: exactCore[0] };
  const partial = core === '' ? [] : units.filter((u) => u.includes(core));
  if (partial.length === 1 && partial[0]) return { ok: true, unit: partial[0] };
  if (partial.length > 1) return { ok: false, candidates: partial };
  const near = units.filter((u) => Array.from(core).some((ch) => u.replace(SUFFIX, '').includes(ch)));
  return { ok: false, candidates: near.length > 0 && near.length < units.length ? near : [...units] };
}

/** The unit a text names, or a refusal listing the candidates (at most 30 shown); `line`: where it was written. */
export function resolveUnit(
  text: string,
  units: readonly string[],
  template?: string,
  line: readonly string[] | 'command' = 'command',
): string {
  const m = matchUnit(text, units);
  if (m.ok) return m.unit;
  const shown = m.candidates.slice(0, 30).join('、');
  const more = m.candidates.length > 30 ? ` 等 ${m.candidates.length} 个` : '';
  throw new UserError(
    `没有找到唯一对应的单位名称。可选：${shown}${more}`,
    template,
    `没有找到唯一的单位“${text.slice(0, 20)}”。可选：${shown}${more}`,
  ).at(line);
}

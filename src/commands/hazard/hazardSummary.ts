import { categoryLabel } from '../../domain/catalog.js';
import { formatMonthDay } from '../../domain/dates.js';
import type { Hazard } from '../../store/state.js';

/** `H3（二.4 不假外出、审批不严和请假超时）· 整改中 · 时限 9月5日` */
export function hazardSummary(h: Hazard, year: number): string {
  const parts: string[] = [h.status];
  if (h.deadline) parts.push(`时限 ${formatMonthDay(h.deadline, year)}`);
  return `${h.major ? '【重大】' : ''}H${h.id}（${categoryLabel(h.category)}）· ${parts.join(' · ')}`;
}

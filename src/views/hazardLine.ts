import { categoryLabel } from '../domain/catalog.js';
import { daysBetween, formatMonthDay } from '../domain/dates.js';
import type { Hazard } from '../store/state.js';
import { shorten } from './sensitiveTerms.js';

/**
 * One phone-width line per hazard. `mask` turns free text into what the audience may read (for a
 * group: `maskFreeText`); it runs on the whole text before it is cut, so no half name survives.
 */
export function hazardLine(
  h: Hazard,
  today: string,
  year: number,
  mask: (freeText: string) => string = (s) => s,
): string {
  const parts = [
    `${h.major ? '【重大】' : ''}H${h.id} ${categoryLabel(h.category).split(' ')[0]} ${shorten(mask(h.situation), 18)}`,
  ];
  if (h.deadline) {
    const late = daysBetween(h.deadline, today);
    const open = h.status === '未整改' || h.status === '整改中';
    parts.push(`时限${formatMonthDay(h.deadline, year)}${open && late > 0 ? `（逾期${late}天）` : ''}`);
  }
  parts.push(mask(h.owner));
  return parts.join(' · ');
}

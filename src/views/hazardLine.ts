import { categoryLabel } from '../domain/catalog.js';
import { daysBetween, formatMonthDay } from '../domain/dates.js';
import type { Hazard } from '../store/state.js';

function shorten(s: string, n: number): string {
  const chars = Array.from(s.replace(/\s+/g, ' '));
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : chars.join('');
}

/** One phone-width line per hazard. */
export function hazardLine(h: Hazard, today: string, year: number): string {
  const parts = [
    `${h.major ? '【重大】' : ''}H${h.id} ${categoryLabel(h.category).split(' ')[0]} ${shorten(h.situation, 18)}`,
  ];
  if (h.deadline) {
    const late = daysBetween(h.deadline, today);
    const open = h.status === '未整改' || h.status === '整改中';
    parts.push(`时限${formatMonthDay(h.deadline, year)}${open && late > 0 ? `（逾期${late}天）` : ''}`);
  }
  parts.push(h.owner);
  return parts.join(' · ');
}

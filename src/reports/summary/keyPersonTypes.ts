import { KEY_TYPES } from '../../domain/catalog.js';

/**
 * The 6+9 types that name a state of health (身体有重病, 精神有异常, 患艾). The summary counts people
 * by type, but a count beside one of these names says "N people here have HIV": in a unit's report,
 * or a district with few such people, that points at someone. So these three are counted together,
 * as one line that names none of them, and the document never prints the words.
 */
const HEALTH_TYPES: readonly string[] = ['身体有重病', '精神有异常', '患艾'];

export function healthTypes(): readonly string[] {
  return HEALTH_TYPES.filter((t) => KEY_TYPES.includes(t));
}

/** How the one line of health types together reads. */
export const HEALTH_TOGETHER = '健康状况类（3类合并统计，不分列）';

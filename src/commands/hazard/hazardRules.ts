import { UserError } from '../../core/UserError.js';
import { CLOSED_STATUSES } from '../../domain/catalog.js';
import type { HazardFields } from '../../store/state.js';
import { HAZARD_FIELD_NAMES } from './hazardFields.js';

/** The closed loop: an open hazard has a deadline; a closed one says what was done or why not. */
export function checkHazardRules(h: HazardFields, template: string): void {
  if (!CLOSED_STATUSES.includes(h.status) && !h.deadline)
    throw new UserError(`状态为“${h.status}”的隐患必须写“时限”（完成时限）。`, template);
  if (h.status === '已整改' && !h.note)
    throw new UserError(
      '标为“已整改”要写明做了什么：加一行“说明：……”，或用 #整改 H编号 已整改 说明。',
      template,
    ).at(HAZARD_FIELD_NAMES.status);
  if (h.status === '无法整改' && !h.note)
    throw new UserError(
      '标为“无法整改”要写明原因：加一行“说明：……”，或用 #整改 H编号 无法整改 原因。',
      template,
    ).at(HAZARD_FIELD_NAMES.status);
}

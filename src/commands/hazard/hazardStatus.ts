import { UserError } from '../../core/UserError.js';
import { STATUSES, type Status } from '../../domain/catalog.js';
import { toHalfWidth } from '../../domain/text.js';

/** Words people type for a status (`已完成` is 已整改). */
const STATUS_ALIASES: Record<string, Status> = {
  已完成: '已整改',
  整改完成: '已整改',
  完成: '已整改',
  已整改完成: '已整改',
  整改完毕: '已整改',
  已办结: '已整改',
  正在整改: '整改中',
  整改中的: '整改中',
  未完成: '未整改',
  不能整改: '无法整改',
};

/** The status a word names, or null. */
export function statusOf(text: string): Status | null {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  return STATUSES.find((x) => x === t) ?? STATUS_ALIASES[t] ?? null;
}

/** The status written; `line` says where it was written (a `状态：` line, or the command line). */
export function parseStatus(
  text: string,
  template: string,
  line: readonly string[] | 'command' = 'command',
): Status {
  const t = toHalfWidth(text).replace(/\s+/g, '');
  const s = statusOf(t);
  if (!s)
    throw new UserError(
      `整改状态只能是：${STATUSES.join('、')}。`,
      template,
      `整改状态只能是：${STATUSES.join('、')}（不是“${t.slice(0, 10)}”）。`,
    ).at(line);
  return s;
}

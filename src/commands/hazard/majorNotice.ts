import type { Hazard } from '../../store/state.js';

/** What supervisors read, privately, the moment a hazard is marked 重大. */
export function majorNotice(h: Hazard, summary: string, by: string): string {
  return [
    `【重大风险隐患】${h.unit} ${by} 报告：`,
    summary,
    `情况：${h.situation}`,
    `措施：${h.measure}`,
    `责任人：${h.owner}（${h.department}）`,
    `发送 #历史 H${h.id} 查看变更记录。`,
  ].join('\n');
}

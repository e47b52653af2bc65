import type { Campaign } from '../../config/campaign.js';
import type { Person } from '../../core/types.js';
import { keysWithRole } from '../../core/whoIs.js';
import type { BindRequest, RequestKind, State } from '../../store/state.js';

/** What a request asks for, as people read it. */
export function wantText(r: Pick<BindRequest, 'kind' | 'unit'>): string {
  return r.kind === 'unit' ? (r.unit ?? '') : r.kind === 'supervisor' ? '督导人员' : '管理员';
}

/** What approving a request grants, as the approver is told (the notice and the approval reply). */
export function grantText(r: Pick<BindRequest, 'kind' | 'unit'>): string {
  return r.kind === 'unit'
    ? (r.unit ?? '')
    : r.kind === 'supervisor'
      ? '督导人员（角色：查看全部单位，核验隐患，批准单位申请）'
      : '管理员（角色：全部单位，批准任何申请，解绑，导出重点人员）';
}

/** A pending request may be changed (withdrawn and filed anew) this many times; then it must be handled first. */
export const MAX_REQUEST_CHANGES = 5;

/** The pending request that withdrew request number `no`, if any. */
export function replacing(state: State, no: number): (BindRequest & { key: string }) | undefined {
  return pendingRequests(state).find((r) => r.replaces?.some((old) => old.no === no));
}

/** Who may approve a kind of request: admins any; supervisors units only. */
export function mayApprove(p: Person, kind: RequestKind): boolean {
  return p.isAdmin || (kind === 'unit' && p.isSupervisor);
}

/** The keys told privately of a new request of this kind (never the requester). */
export function approversOf(
  campaign: Campaign,
  state: State,
  kind: RequestKind,
  requester: string,
): string[] {
  const keys = keysWithRole(campaign, state, 'admin');
  if (kind === 'unit') keys.push(...keysWithRole(campaign, state, 'supervisor'));
  return [...new Set(keys)].filter((k) => k !== requester);
}

/** Pending requests, oldest first, with their keys. */
export function pendingRequests(state: State): (BindRequest & { key: string })[] {
  return Object.entries(state.requests ?? {})
    .map(([key, r]) => ({ ...r, key }))
    .sort((a, b) => a.no - b.no);
}

/** `12 张敏 → 东城司法所（8月5日 09:00）` */
export function requestLine(r: BindRequest): string {
  return `${r.no}  ${r.name} → ${wantText(r)}（${r.at.slice(5, 16).replace('T', ' ')}）`;
}

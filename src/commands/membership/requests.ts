import type { Campaign } from '../../config/campaign.js';
import type { Person } from '../../core/types.js';
import { keysWithRole } from '../../core/whoIs.js';
import { toHalfWidth } from '../../domain/text.js';
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

/** A name as compared for look-alikes: half-width, without spaces, invisible characters, punctuation or symbols. */
function sameName(a: string, b: string): boolean {
  // what a reader does not see, or reads past: spaces, invisible characters, punctuation, emoji
  const norm = (x: string) =>
    toHalfWidth(x.normalize('NFKC')).replace(/[\s\p{P}\p{S}\p{Cf}\p{M}\u200b-\u200f\u2060\ufeff]/gu, '');
  return norm(a) !== '' && norm(a) === norm(b);
}

/**
 * The members other than `key` who go by `name` (their recorded name or their key), as
 * `“张敏”（东城司法所）`, and others' pending requests under it (`“小王”（申请 1：东城司法所）`): a
 * display name is a label anyone sets, so a request under a member's name may be someone posing as
 * them. Empty when nobody else has it.
 */
export function namesakes(name: string, key: string, campaign: Campaign, state: State): string[] {
  const found: string[] = [];
  const add = (k: string, label: string, what: string) => {
    if (k !== key && (sameName(name, label) || sameName(name, k))) found.push(`“${label}”（${what}）`);
  };
  for (const [k, b] of Object.entries(state.bindings)) add(k, b.name ?? k, b.unit);
  for (const p of campaign.people) if (!Object.hasOwn(state.bindings, p.key)) add(p.key, p.name, p.unit);
  for (const [k, r] of Object.entries(state.roles ?? {})) add(k, r.name ?? k, r.admin ? '管理员' : '督导');
  // someone else's pending request under the same name: a new one must not read as its change
  for (const [k, r] of Object.entries(state.requests ?? {})) add(k, r.name, `申请 ${r.no}：${wantText(r)}`);
  for (const k of campaign.supervisors) add(k, k, '督导');
  for (const k of campaign.admins) add(k, k, '管理员');
  return [...new Set(found)];
}

/** The warning an approver reads beside a request under someone else's name, or '' when none. */
export function namesakeNote(r: BindRequest & { key: string }, campaign: Campaign, state: State): string {
  const others = namesakes(r.name, r.key, campaign, state);
  return others.length ? `与现有成员${others.join('、')}同名，请核实本人` : '';
}

import { type Campaign, rosterOf } from '../config/campaign.js';
import type { BindRequest, State } from '../store/state.js';
import type { Person } from './types.js';

function own<T>(rec: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}

/**
 * Who is speaking, by the key the transport vouches for and nothing else: roles from the campaign
 * file (supervisors, admins) and from grants recorded in the store (claim code, approval); the unit
 * from an approved binding, else the campaign's roster. The display name is a label only, and the
 * name recorded on the roster or at approval is preferred to it.
 */
export function whoIs(sender: { key: string; name: string }, campaign: Campaign, state: State): Person {
  const { key, name } = sender;
  const granted = own(state.roles ?? {}, key);
  const isAdmin = campaign.admins.includes(key) || granted?.admin === true;
  const isSupervisor = campaign.supervisors.includes(key) || granted?.supervisor === true;
  const binding = own(state.bindings, key);
  const roster = rosterOf(campaign, key);
  const boundUnit = binding && campaign.units.includes(binding.unit) ? binding.unit : null;
  const unit = boundUnit ?? roster?.unit ?? null;
  const role = isAdmin ? 'admin' : isSupervisor ? 'supervisor' : unit ? 'caseworker' : 'unbound';
  const request: BindRequest | null = own(state.requests ?? {}, key) ?? null;
  // the name recorded when the person was named or approved: a display name can change any time
  const label = roster?.name ?? binding?.name ?? granted?.name ?? name;
  return { key, name: label, unit, isAdmin, isSupervisor, role, request, known: role !== 'unbound' };
}

/** Every key that holds a role, from the campaign file and from grants in the store, in that order. */
export function keysWithRole(campaign: Campaign, state: State, role: 'admin' | 'supervisor'): string[] {
  const fromFile = role === 'admin' ? campaign.admins : campaign.supervisors;
  const granted = Object.entries(state.roles ?? {})
    .filter(([, g]) => g[role])
    .map(([k]) => k);
  return [...new Set([...fromFile, ...granted])];
}

/** Whether anyone holds the admin role by a grant in the store (then no claim code is offered). */
export function hasGrantedAdmin(state: State): boolean {
  return Object.values(state.roles ?? {}).some((g) => g.admin);
}

export const ROLE_NAMES: Record<Person['role'], string> = {
  admin: '管理员',
  supervisor: '督导（区社区矫正管理局）',
  caseworker: '司法所工作人员',
  unbound: '未绑定单位',
};

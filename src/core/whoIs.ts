import type { Campaign } from '../config/campaign.js';
import type { State } from '../store/state.js';
import type { Person } from './types.js';

/** Roles come from the campaign file (supervisors, admins) and units from the bindings, all keyed by the sender's key. */
export function whoIs(sender: { key: string; name: string }, campaign: Campaign, state: State): Person {
  const { key, name } = sender;
  const isAdmin = campaign.admins.includes(key);
  const isSupervisor = campaign.supervisors.includes(key);
  const binding = Object.hasOwn(state.bindings, key) ? state.bindings[key] : undefined;
  const unit = binding && campaign.units.includes(binding.unit) ? binding.unit : null;
  const role = isAdmin ? 'admin' : isSupervisor ? 'supervisor' : unit ? 'caseworker' : 'unbound';
  return { key, name, unit, isAdmin, isSupervisor, role };
}

export const ROLE_NAMES: Record<Person['role'], string> = {
  admin: '管理员',
  supervisor: '督导（区社区矫正管理局）',
  caseworker: '司法所工作人员',
  unbound: '未绑定单位',
};

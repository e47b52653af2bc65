import type { Campaign } from '../../config/campaign.js';
import type { Reply } from '../../core/types.js';
import { keysWithRole } from '../../core/whoIs.js';
import type { State } from '../../store/state.js';
import { membersByUnit } from '../../views/members.js';

/** The same text to every supervisor (from the campaign file or granted in chat), each in a private chat. */
export function toSupervisors(campaign: Campaign, state: State, text: string): Reply[] {
  return keysWithRole(campaign, state, 'supervisor').map((person) => ({ to: { person }, text }));
}

/** The groups that serve a unit. */
export function groupsOfUnit(campaign: Campaign, unit: string): string[] {
  return campaign.groups.filter((g) => g.units.includes(unit)).map((g) => g.key);
}

/** The people of a unit, by the name they are shown under (to @-mention them). */
export function membersOf(state: State, campaign: Campaign, unit: string): string[] {
  return membersByUnit(state, campaign).get(unit) ?? [];
}

import type { Campaign } from '../config/campaign.js';
import type { Reply } from '../core/types.js';
import type { State } from '../store/state.js';

/** The same text to every supervisor, each in a private chat. */
export function toSupervisors(campaign: Campaign, text: string): Reply[] {
  return campaign.supervisors.map((person) => ({ to: { person }, text }));
}

/** The groups that serve a unit. */
export function groupsOfUnit(campaign: Campaign, unit: string): string[] {
  return campaign.groups.filter((g) => g.units.includes(unit)).map((g) => g.key);
}

/** The people bound to a unit (to @-mention them). */
export function membersOf(state: State, unit: string): string[] {
  return Object.entries(state.bindings)
    .filter(([, b]) => b.unit === unit)
    .map(([key]) => key);
}

import type { Campaign } from '../config/campaign.js';
import type { State } from '../store/state.js';

/**
 * The people of each unit, by the name they are shown under (a label for text and @-mentions; the
 * key when none was recorded): approved bindings, then roster entries not overridden by one.
 */
export function membersByUnit(state: State, campaign: Pick<Campaign, 'people'>): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const add = (unit: string, name: string) => {
    const list = m.get(unit) ?? [];
    if (!list.includes(name)) list.push(name);
    m.set(unit, list);
  };
  for (const [key, b] of Object.entries(state.bindings)) add(b.unit, b.name ?? key);
  for (const p of campaign.people) if (!Object.hasOwn(state.bindings, p.key)) add(p.unit, p.name);
  return m;
}

/**
 * The names a group may always read (never masked as a key person's): every member's key and
 * label, from bindings, roles granted in chat, the roster, and the campaign's supervisors and admins.
 */
export function memberNames(
  state: State,
  campaign: Pick<Campaign, 'supervisors' | 'admins' | 'people'>,
): readonly string[] {
  // every group message asks for these (a province holds thousands): built once per change
  const cached = namesCache.get(state);
  if (cached && cached.seq === state.seq && cached.campaign === campaign) return cached.names;
  const names: string[] = [];
  for (const key in state.bindings) {
    names.push(key);
    const label = state.bindings[key]?.name;
    if (label) names.push(label);
  }
  for (const key in state.roles ?? {}) names.push(key, state.roles[key]?.name ?? key);
  for (const p of campaign.people) names.push(p.key, p.name);
  names.push(...campaign.supervisors, ...campaign.admins);
  namesCache.set(state, { seq: state.seq, campaign, names });
  return names;
}

const namesCache = new WeakMap<State, { seq: number; campaign: object; names: readonly string[] }>();

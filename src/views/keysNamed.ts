import type { Campaign } from '../config/campaign.js';
import type { State } from '../store/state.js';

/**
 * The keys of the people a reply @-mentions by name (the label `membersByUnit` shows them under):
 * for a platform whose mentions take ids. A name two people share gives neither: the text still
 * names them, and nobody is notified in someone else's place.
 */
export function keysNamed(state: State, campaign: Pick<Campaign, 'people'>, names: string[]): string[] {
  const byName = new Map<string, Set<string>>();
  const add = (name: string, key: string) => byName.set(name, (byName.get(name) ?? new Set()).add(key));
  for (const [key, b] of Object.entries(state.bindings)) add(b.name ?? key, key);
  for (const p of campaign.people) if (!Object.hasOwn(state.bindings, p.key)) add(p.name, p.key);
  const keys: string[] = [];
  for (const n of names) {
    const found = byName.get(n);
    if (found?.size === 1) keys.push(...found);
  }
  return [...new Set(keys)];
}

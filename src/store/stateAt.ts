import type { State } from './state.js';

/**
 * The state as it is now, kept still while later changes go on: records are replaced, never
 * changed in place, and arrays only grow (see applyEvent), so copying the arrays and maps (their
 * pointers only) is enough. A job making a file reads this: the file shows the moment it was asked
 * for, whatever is logged while it is made. The views a store keeps are not carried: readers build
 * what they need (`viewOf` falls back to a full build).
 */
export function stateAt(state: State): State {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state))
    copy[k] = Array.isArray(v) ? v.slice() : v !== null && typeof v === 'object' ? { ...v } : v;
  return copy as State;
}

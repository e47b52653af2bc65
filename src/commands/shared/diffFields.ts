import type { Changes } from '../../store/state.js';

/** The fields of `next` that differ from `current`, as [before, after]. */
export function diffFields<T extends object>(current: T, next: Partial<T>): Changes<T> {
  const changes: Changes<T> = {};
  for (const [k, v] of Object.entries(next) as [keyof T, T[keyof T]][]) {
    if (v !== undefined && JSON.stringify(current[k]) !== JSON.stringify(v)) changes[k] = [current[k], v];
  }
  return changes;
}

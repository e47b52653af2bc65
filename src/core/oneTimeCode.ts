import { timingSafeEqual } from 'node:crypto';
import type { ClaimCode } from './types.js';

/** After this many wrong tries the code is spent: guessing a 6-digit code is then hopeless. */
export const CLAIM_TRIES = 5;

/** A code good for one successful claim; wrong tries are counted and end it. */
export function oneTimeCode(code: string, tries = CLAIM_TRIES): ClaimCode {
  let live: string | null = code;
  let left = tries;
  return {
    check(typed) {
      if (live === null) return 'none';
      const a = Buffer.from(typed.trim());
      const b = Buffer.from(live);
      if (a.length === b.length && timingSafeEqual(a, b)) {
        live = null;
        return 'ok';
      }
      if (--left <= 0) live = null;
      return 'wrong';
    },
  };
}

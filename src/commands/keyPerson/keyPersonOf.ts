import type { KeyPersonFields } from '../../store/state.js';
import type { parseKeyPersonFields } from './keyPersonFields.js';

/**
 * The key person the parsed fields describe, with the defaults a typed #重点人员 and an imported row
 * share (empty texts, no term, the given owner); the caller has checked the required fields.
 */
export function keyPersonOf(
  f: ReturnType<typeof parseKeyPersonFields>['fields'],
  owner: string,
): KeyPersonFields {
  return {
    name: f.name as string,
    gender: f.gender as KeyPersonFields['gender'],
    correctionType: f.correctionType as KeyPersonFields['correctionType'],
    types: f.types as string[],
    crime: f.crime ?? '',
    sentence: f.sentence ?? '',
    termStart: f.termStart ?? null,
    termEnd: f.termEnd ?? null,
    risk: f.risk ?? '',
    measures: f.measures as string,
    owner: f.owner ?? owner,
  };
}

import type { KeyPerson, KeyPersonFields } from '../../store/state.js';

/** The same person logged twice by one unit: same name and the same 矫正期限. */
export function findDuplicate(
  people: readonly KeyPerson[],
  unit: string,
  f: Pick<KeyPersonFields, 'name' | 'gender' | 'termStart' | 'termEnd'>,
  exceptId?: number,
): KeyPerson | undefined {
  // The same person: same name and 矫正期限; without a 期限 on either side, same name and gender.
  const noTerm = (x: Pick<KeyPersonFields, 'termStart' | 'termEnd'>) => !x.termStart && !x.termEnd;
  return people.find(
    (p) =>
      !p.withdrawn &&
      p.id !== exceptId &&
      p.unit === unit &&
      p.name === f.name &&
      (noTerm(p) || noTerm(f)
        ? p.gender === f.gender
        : p.termStart === f.termStart && p.termEnd === f.termEnd),
  );
}

import type {
  CorrectionType,
  CumulativeFigure,
  CurrentFigure,
  Form,
  Gender,
  Status,
} from '../domain/catalog.js';

/** Bumped whenever the shape of the data file changes; a newer file is refused, never rewritten. */
export const SCHEMA_VERSION = 1;

/** Who did a change, for which unit, from which message, and when (ISO, +08:00). */
export interface Meta {
  by: string;
  unit: string | null;
  at: string;
  msgId: string | null;
}

/** A withdrawn record stays stored (and in the history) but leaves forms and counts. */
export interface Withdrawal {
  by: string;
  at: string;
  reason: string;
}

/** A 附件1 row. */
export interface Hazard {
  id: number;
  unit: string;
  category: string;
  situation: string;
  measure: string;
  department: string;
  owner: string;
  deadline: string | null;
  status: Status;
  /** what was done (已整改) or why not (无法整改) */
  note: string | null;
  createdBy: string;
  createdAt: string;
  /** seq of the last change, to tell a change after 上报 */
  rev: number;
  withdrawn: Withdrawal | null;
}

/** A 附件2 row: sensitive personal information. */
export interface KeyPerson {
  id: number;
  unit: string;
  name: string;
  gender: Gender;
  correctionType: CorrectionType;
  types: string[];
  crime: string;
  sentence: string;
  termStart: string | null;
  termEnd: string | null;
  risk: string;
  measures: string;
  owner: string;
  createdBy: string;
  createdAt: string;
  rev: number;
  withdrawn: Withdrawal | null;
}

/** One report of a 附件3 figure, kept so every total can be explained. */
export type FigureReport =
  | { kind: 'add'; item: CumulativeFigure; n: number }
  | { kind: 'correct'; item: CumulativeFigure; n: number; reason: string }
  | { kind: 'set'; item: CurrentFigure; value: number }
  | { kind: 'locate'; registered: number; located: number };

export type FigureEntry = FigureReport & { unit: string; by: string; at: string; seq: number };

export interface Submission {
  unit: string;
  form: Form;
  empty: boolean;
  by: string;
  at: string;
  seq: number;
}

export interface Binding {
  unit: string;
  by: string;
  at: string;
}

/** The whole store. */
export interface State {
  schemaVersion: number;
  /** seq of the last applied change */
  seq: number;
  /** display name → unit */
  bindings: Record<string, Binding>;
  hazards: Hazard[];
  keyPersons: KeyPerson[];
  figures: FigureEntry[];
  submissions: Submission[];
  /** reminder key → when it was sent */
  reminders: Record<string, string>;
  audit: AuditEntry[];
}

/** One stored change: the journal line, and the audit entry it becomes. */
export type StoredEvent = Meta & { seq: number } & EventBody;

/** An audit entry: the change itself plus the record it touched (`H3`, `P2`). */
export type AuditEntry = StoredEvent & { target: string | null };

export type HazardFields = Omit<Hazard, 'id' | 'unit' | 'createdBy' | 'createdAt' | 'rev' | 'withdrawn'>;
export type KeyPersonFields = Omit<
  KeyPerson,
  'id' | 'unit' | 'createdBy' | 'createdAt' | 'rev' | 'withdrawn'
>;
/** An edit: for each changed field, [before, after]. */
export type Changes<T> = { [K in keyof T]?: [T[K], T[K]] };

/** Every kind of change the store knows. */
export type EventBody =
  | { type: 'bind'; person: string; toUnit: string }
  | { type: 'unbind'; person: string }
  | { type: 'hazard.add'; hazard: HazardFields }
  | { type: 'hazard.edit'; id: number; changes: Changes<HazardFields> }
  | { type: 'hazard.withdraw'; id: number; reason: string }
  | { type: 'keyPerson.add'; person: KeyPersonFields }
  | { type: 'keyPerson.edit'; id: number; changes: Changes<KeyPersonFields> }
  | { type: 'keyPerson.withdraw'; id: number; reason: string }
  | { type: 'figure'; report: FigureReport }
  | { type: 'submit'; form: Form; empty: boolean }
  | { type: 'reminder.sent'; keys: string[] };

export type NewEvent = Meta & EventBody;

export function emptyState(): State {
  return {
    schemaVersion: SCHEMA_VERSION,
    seq: 0,
    bindings: {},
    hazards: [],
    keyPersons: [],
    figures: [],
    submissions: [],
    reminders: {},
    audit: [],
  };
}

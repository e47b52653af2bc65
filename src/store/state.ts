import type { z } from 'zod';
import type {
  bindingSchema,
  bindRequestSchema,
  eventSchema,
  evidenceFileSchema,
  figureEntrySchema,
  hazardFieldsSchema,
  hazardSchema,
  keyPersonFieldsSchema,
  keyPersonSchema,
  newEventSchema,
  requestKindSchema,
  roleGrantSchema,
  stateSchema,
  submissionSchema,
} from './stateSchema.js';

/**
 * Bumped whenever the shape of the data file changes; a newer file is refused, never rewritten.
 * 1: the snapshot held the whole history (`audit`). 2: the history lives in `audit/` segments.
 * 3: the snapshot is a file of lines, read a line at a time (snapshotLines.ts).
 */
export const SCHEMA_VERSION = 3;

/** The types are the schema's: what is validated is what the code sees. */
export type State = z.infer<typeof stateSchema>;
export type Hazard = z.infer<typeof hazardSchema>;
export type KeyPerson = z.infer<typeof keyPersonSchema>;
export type HazardFields = z.infer<typeof hazardFieldsSchema>;
export type KeyPersonFields = z.infer<typeof keyPersonFieldsSchema>;
export type FigureEntry = z.infer<typeof figureEntrySchema>;
export type Submission = z.infer<typeof submissionSchema>;
export type Binding = z.infer<typeof bindingSchema>;
export type BindRequest = z.infer<typeof bindRequestSchema>;
export type RequestKind = z.infer<typeof requestKindSchema>;
export type RoleGrant = z.infer<typeof roleGrantSchema>;
export type Withdrawal = NonNullable<Hazard['withdrawn']>;
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;
export type SpotCheck = NonNullable<State['spotChecks']>[number];
/** A change as a command commits it. */
export type NewEvent = z.infer<typeof newEventSchema>;
/** One stored change: an entry of the journal and of the history. */
export type StoredEvent = z.infer<typeof eventSchema>;
/** Who did a change, for which unit, from which message, and when (ISO, +08:00). */
export type Meta = Pick<NewEvent, 'by' | 'unit' | 'at' | 'msgId'>;
export type FigureReport = Extract<NewEvent, { type: 'figure' }>['report'];
/** Every kind of change, without who/when. */
export type EventBody = NewEvent extends infer E ? (E extends unknown ? Omit<E, keyof Meta> : never) : never;
/** An edit: for each changed field, [before, after]. */
export type Changes<T> = { [K in keyof T]?: [T[K], T[K]] };
/** A history entry: the change itself plus the record it touched (`H3`, `P2`). */
export type AuditEntry = StoredEvent & { target: string | null };

/** What `commit` made of one change: its entry, and the record it created or changed, as stored now. */
export interface Committed {
  entry: AuditEntry;
  hazard: Hazard | null;
  keyPerson: KeyPerson | null;
}

export function emptyState(): State {
  return {
    schemaVersion: SCHEMA_VERSION,
    seq: 0,
    bindings: {},
    requests: {},
    roles: {},
    requestsFiled: 0,
    hazards: [],
    keyPersons: [],
    figures: [],
    submissions: [],
    reminders: {},
    formerTerms: [],
    returnCounts: {},
  };
}

/** The record a change touches, as the history names it. */
export function targetOf(state: State, ev: StoredEvent): string | null {
  switch (ev.type) {
    case 'hazard.add':
      return `H${state.hazards.length + 1}`;
    case 'keyPerson.add':
      return `P${state.keyPersons.length + 1}`;
    case 'hazard.edit':
    case 'hazard.withdraw':
    case 'hazard.verify':
    case 'hazard.evidence':
      return `H${ev.id}`;
    case 'undo':
      return ev.hazard ? `H${ev.hazard.id}` : ev.keyPerson ? `P${ev.keyPerson.id}` : null;
    case 'keyPerson.edit':
    case 'keyPerson.withdraw':
      return `P${ev.id}`;
    case 'import':
      return importTarget(ev.msgId);
    default:
      return null;
  }
}

/** The history's name for an import's marker: a record it added finds it by the message that made both. */
export function importTarget(msgId: string | null): string | null {
  return msgId === null ? null : `导入:${msgId}`;
}

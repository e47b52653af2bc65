import { z } from 'zod';
import {
  CORRECTION_TYPES,
  CUMULATIVE_FIGURES,
  CURRENT_FIGURES,
  FORMS,
  GENDERS,
  STATUSES,
} from '../domain/catalog.js';

const str = z.string();
const count = z.int().min(0);
const withdrawal = z.strictObject({ by: str, at: str, reason: str });
/** Who did a change, for which unit, from which message, and when (ISO, +08:00). */
const meta = { by: str, unit: str.nullable(), at: str, msgId: str.nullable() };
const stored = { ...meta, seq: z.int().min(1) };

const hazardFields = {
  category: str,
  situation: str,
  measure: str,
  department: str,
  owner: str,
  deadline: str.nullable(),
  status: z.enum(STATUSES),
  /** what was done (已整改) or why not (无法整改) */
  note: str.nullable(),
  /** a 重大风险隐患: supervisors are told at once (absent on hazards stored before it existed) */
  major: z.boolean().nullable().optional(),
};
/** A photo or document kept as evidence of a rectification (path relative to the data folder). */
const evidenceFile = { file: str, name: str, size: count };
export const evidenceFileSchema = z.strictObject({ ...evidenceFile, by: str, at: str });
const hazardExtras = {
  /** a supervisor verified the closure (销账); cleared whenever the status changes */
  verified: z.strictObject({ by: str, at: str }).nullable().optional(),
  /** the last time a supervisor sent the closure back, and why */
  returned: z.strictObject({ by: str, at: str, reason: str }).nullable().optional(),
  /** 佐证材料 */
  evidence: z.array(evidenceFileSchema).optional(),
};
/** In an edit, 重大 goes from unset (null) to set: both sides present. */
const editableHazard = { ...hazardFields, major: z.boolean().nullable() };
const keyPersonFields = {
  name: str,
  gender: z.enum(GENDERS),
  correctionType: z.enum(CORRECTION_TYPES),
  types: z.array(str),
  crime: str,
  sentence: str,
  termStart: str.nullable(),
  termEnd: str.nullable(),
  risk: str,
  measures: str,
  owner: str,
};
const recordMeta = {
  id: z.int().min(1),
  unit: str,
  createdBy: str,
  createdAt: str,
  /** seq of the last change, to tell a change after 上报 */
  rev: z.int(),
  /** a withdrawn record stays stored (and in the history) but leaves forms and counts */
  withdrawn: withdrawal.nullable(),
};

/** An edit: for each changed field, [before, after]. */
function changesOf<S extends Record<string, z.ZodType>>(fields: S) {
  const pairs = Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, z.tuple([s, s]).optional()]));
  return z.strictObject(pairs as { [K in keyof S]: z.ZodOptional<z.ZodTuple<[S[K], S[K]], null>> });
}

export const hazardFieldsSchema = z.strictObject(hazardFields);
export const keyPersonFieldsSchema = z.strictObject(keyPersonFields);
/** A 附件1 row. */
export const hazardSchema = z.strictObject({ ...recordMeta, ...hazardFields, ...hazardExtras });
/** A 附件2 row: sensitive personal information. */
export const keyPersonSchema = z.strictObject({ ...recordMeta, ...keyPersonFields });

/** One report of a 附件3 figure, kept so every total can be explained. */
const figureReport = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('add'), item: z.enum(CUMULATIVE_FIGURES), n: count }),
  z.strictObject({ kind: z.literal('correct'), item: z.enum(CUMULATIVE_FIGURES), n: z.int(), reason: str }),
  z.strictObject({ kind: z.literal('set'), item: z.enum(CURRENT_FIGURES), value: count }),
  z.strictObject({ kind: z.literal('locate'), registered: count, located: count }),
]);
/** `undone`: the change that undid this report (#撤销); it no longer counts */
const figureWhere = { unit: str, by: str, at: str, seq: z.int(), undone: z.int().optional() };
export const figureEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('add'), item: z.enum(CUMULATIVE_FIGURES), n: count, ...figureWhere }),
  z.strictObject({
    kind: z.literal('correct'),
    item: z.enum(CUMULATIVE_FIGURES),
    n: z.int(),
    reason: str,
    ...figureWhere,
  }),
  z.strictObject({ kind: z.literal('set'), item: z.enum(CURRENT_FIGURES), value: count, ...figureWhere }),
  z.strictObject({ kind: z.literal('locate'), registered: count, located: count, ...figureWhere }),
]);
export const submissionSchema = z.strictObject({
  unit: str,
  form: z.enum(FORMS),
  empty: z.boolean(),
  by: str,
  at: str,
  seq: z.int(),
});
/** `name`: the display name when bound, a label for text (reminders), never looked up */
export const bindingSchema = z.strictObject({ unit: str, by: str, at: str, name: str.optional() });
/** What a binding request asks for: a unit, or a role only an admin may grant. */
export const requestKindSchema = z.enum(['unit', 'supervisor', 'admin']);
/** A `#绑定` waiting for approval; `no` is its place in the series of requests (`requestsFiled`), never reused. */
export const bindRequestSchema = z.strictObject({
  no: z.int(),
  name: str,
  kind: requestKindSchema,
  unit: str.nullable(),
  at: str,
  /**
   * The same person's earlier requests this one withdrew (a changed #绑定), oldest first: their
   * numbers are refused plainly, naming what is asked now. Absent on a first request.
   */
  replaces: z
    .array(z.strictObject({ no: z.int(), kind: requestKindSchema, unit: str.nullable() }))
    .optional(),
});
/** Roles granted in chat (claim code or approval), under the person's key. */
export const roleGrantSchema = z.strictObject({
  admin: z.boolean(),
  supervisor: z.boolean(),
  name: str,
  by: str,
  at: str,
});

/** Every kind of change the store knows, as committed (without its seq). */
/** What one key-person edit made sensitive besides the record as it is now. */
export const formerTermsSchema = z.strictObject({
  name: str.optional(),
  crime: str.optional(),
  sentence: str.optional(),
});

const bodies = {
  bind: { type: z.literal('bind'), person: str, toUnit: str, name: str.optional() },
  unbind: { type: z.literal('unbind'), person: str },
  bindRequest: {
    type: z.literal('bind.request'),
    person: str,
    name: str,
    kind: requestKindSchema,
    toUnit: str.nullable(),
  },
  bindRefuse: { type: z.literal('bind.refuse'), person: str },
  roleGrant: {
    type: z.literal('role.grant'),
    person: str,
    name: str,
    role: z.enum(['admin', 'supervisor']),
    how: z.enum(['claim', 'approval']),
  },
  hazardAdd: { type: z.literal('hazard.add'), hazard: hazardFieldsSchema },
  hazardEdit: { type: z.literal('hazard.edit'), id: z.int().min(1), changes: changesOf(editableHazard) },
  hazardWithdraw: { type: z.literal('hazard.withdraw'), id: z.int().min(1), reason: str },
  keyPersonAdd: { type: z.literal('keyPerson.add'), person: keyPersonFieldsSchema },
  keyPersonEdit: {
    type: z.literal('keyPerson.edit'),
    id: z.int().min(1),
    changes: changesOf(keyPersonFields),
  },
  keyPersonWithdraw: { type: z.literal('keyPerson.withdraw'), id: z.int().min(1), reason: str },
  figure: { type: z.literal('figure'), report: figureReport },
  submit: { type: z.literal('submit'), form: z.enum(FORMS), empty: z.boolean() },
  reminderSent: { type: z.literal('reminder.sent'), keys: z.array(str) },
  /** a supervisor's verdict on a closed hazard: `pass` is 销账; `return` puts it back to 整改中 (from `from`) */
  hazardVerify: {
    type: z.literal('hazard.verify'),
    id: z.int().min(1),
    result: z.enum(['pass', 'return']),
    reason: str.nullable(),
    from: z.enum(STATUSES),
  },
  hazardEvidence: {
    type: z.literal('hazard.evidence'),
    id: z.int().min(1),
    evidence: z.strictObject(evidenceFile),
  },
  spotCheck: { type: z.literal('spotCheck'), seed: z.int(), pool: count, ids: z.array(z.int().min(1)) },
  /** what a group must still not read in records carried into a new campaign (npm run new-campaign): the last one's former names and the key persons not carried */
  termsCarry: { type: z.literal('terms.carry'), terms: z.array(formerTermsSchema) },
  /** undoes change `undoes` (#撤销): the reverse of its edits, or of its add/withdraw, or marks its figure report */
  undo: {
    type: z.literal('undo'),
    undoes: z.int().min(1),
    hazard: z
      .strictObject({
        id: z.int().min(1),
        changes: changesOf(editableHazard),
        withdrawn: z.boolean().optional(),
      })
      .optional(),
    keyPerson: z
      .strictObject({
        id: z.int().min(1),
        changes: changesOf(keyPersonFields),
        withdrawn: z.boolean().optional(),
      })
      .optional(),
    figureSeq: z.int().optional(),
  },
  /**
   * Marks the records added just before it, in the same journal line, as one import from a file
   * (#导入, the CLI, a new campaign carrying over the last one's records): `first` is the first
   * record's id and `rows` the file row of each, in order; `from`, when carried over, each record's
   * old number. Where they came from is what #历史 shows, and #撤销 takes the whole batch back.
   */
  import: {
    type: z.literal('import'),
    kind: z.enum(['hazards', 'keyPersons']),
    file: str,
    first: z.int().min(1),
    rows: z.array(z.int().min(0)),
    from: z.array(str).optional(),
  },
};

function eventsWith<M extends Record<string, z.ZodType>>(m: M) {
  const b = bodies;
  return z.discriminatedUnion('type', [
    z.strictObject({ ...m, ...b.bind }),
    z.strictObject({ ...m, ...b.unbind }),
    z.strictObject({ ...m, ...b.bindRequest }),
    z.strictObject({ ...m, ...b.bindRefuse }),
    z.strictObject({ ...m, ...b.roleGrant }),
    z.strictObject({ ...m, ...b.hazardAdd }),
    z.strictObject({ ...m, ...b.hazardEdit }),
    z.strictObject({ ...m, ...b.hazardWithdraw }),
    z.strictObject({ ...m, ...b.keyPersonAdd }),
    z.strictObject({ ...m, ...b.keyPersonEdit }),
    z.strictObject({ ...m, ...b.keyPersonWithdraw }),
    z.strictObject({ ...m, ...b.figure }),
    z.strictObject({ ...m, ...b.submit }),
    z.strictObject({ ...m, ...b.reminderSent }),
    z.strictObject({ ...m, ...b.hazardVerify }),
    z.strictObject({ ...m, ...b.hazardEvidence }),
    z.strictObject({ ...m, ...b.spotCheck }),
    z.strictObject({ ...m, ...b.termsCarry }),
    z.strictObject({ ...m, ...b.undo }),
    z.strictObject({ ...m, ...b.import }),
  ]);
}

/** A change as a command hands it to `commit`. */
export const newEventSchema = eventsWith(meta);
/** One stored change (an entry of the journal and the history). */
export const eventSchema = eventsWith(stored);

/** One 抽查 draw. */
export const spotCheckSchema = z.strictObject({
  seq: z.int(),
  by: str,
  at: str,
  seed: z.int(),
  pool: count,
  ids: z.array(z.int().min(1)),
});

/** The domain state (what commands and reports read). The history is not part of it: it stays on disk. */
export const stateSchema = z.strictObject({
  schemaVersion: z.int(),
  /** seq of the last applied change */
  seq: z.int().min(0),
  /** person key → unit */
  bindings: z.record(str, bindingSchema),
  /** person key → their pending binding request (a file written before approvals has none) */
  requests: z.record(str, bindRequestSchema).default({}),
  /** person key → roles granted in chat */
  roles: z.record(str, roleGrantSchema).default({}),
  /** binding requests filed so far: their numbers are a series of their own (absent in older files) */
  requestsFiled: z.int().min(0).optional(),
  hazards: z.array(hazardSchema),
  keyPersons: z.array(keyPersonSchema),
  figures: z.array(figureEntrySchema),
  submissions: z.array(submissionSchema),
  /** reminder key → when it was sent */
  reminders: z.record(str, str),
  /** 抽查 draws, kept so they can be shown later (absent until the first) */
  spotChecks: z.array(spotCheckSchema).optional(),
  /**
   * Every name, 罪名 and 刑期 a key person's edit brought in or replaced: a group must never read
   * them either, and keeping them here spares reading each person's history when the store opens
   * (absent from files of formats 1 and 2, recovered from the history once)
   */
  formerTerms: z.array(formerTermsSchema).optional(),
  /** hazard id → how many times a supervisor sent its closure back (退回); a hazard keeps only its last (absent as formerTerms is) */
  returnCounts: z.record(str, z.int().min(1)).optional(),
});

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
const withdrawal = z.strictObject({ by: str, at: str, reason: str }).nullable();
const meta = { by: str, unit: str.nullable(), at: str, msgId: str.nullable(), seq: z.int().min(1) };

const hazardFields = {
  category: str,
  situation: str,
  measure: str,
  department: str,
  owner: str,
  deadline: str.nullable(),
  status: z.enum(STATUSES),
  note: str.nullable(),
};
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
  rev: z.int(),
  withdrawn: withdrawal,
};

const figureReport = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('add'), item: z.enum(CUMULATIVE_FIGURES), n: count }),
  z.strictObject({ kind: z.literal('correct'), item: z.enum(CUMULATIVE_FIGURES), n: z.int(), reason: str }),
  z.strictObject({ kind: z.literal('set'), item: z.enum(CURRENT_FIGURES), value: count }),
  z.strictObject({ kind: z.literal('locate'), registered: count, located: count }),
]);
const changes = z.record(str, z.tuple([z.unknown(), z.unknown()]));

/** One stored change (a journal line). */
export const eventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...meta, type: z.literal('bind'), person: str, toUnit: str }),
  z.strictObject({ ...meta, type: z.literal('unbind'), person: str }),
  z.strictObject({ ...meta, type: z.literal('hazard.add'), hazard: z.strictObject(hazardFields) }),
  z.strictObject({ ...meta, type: z.literal('hazard.edit'), id: z.int().min(1), changes }),
  z.strictObject({ ...meta, type: z.literal('hazard.withdraw'), id: z.int().min(1), reason: str }),
  z.strictObject({ ...meta, type: z.literal('keyPerson.add'), person: z.strictObject(keyPersonFields) }),
  z.strictObject({ ...meta, type: z.literal('keyPerson.edit'), id: z.int().min(1), changes }),
  z.strictObject({ ...meta, type: z.literal('keyPerson.withdraw'), id: z.int().min(1), reason: str }),
  z.strictObject({ ...meta, type: z.literal('figure'), report: figureReport }),
  z.strictObject({ ...meta, type: z.literal('submit'), form: z.enum(FORMS), empty: z.boolean() }),
  z.strictObject({ ...meta, type: z.literal('reminder.sent'), keys: z.array(str) }),
]);

/** The data file (snapshot). The audit log is checked for shape only: it is history, not state. */
export const stateSchema = z.strictObject({
  schemaVersion: z.literal(1),
  seq: z.int().min(0),
  bindings: z.record(str, z.strictObject({ unit: str, by: str, at: str })),
  hazards: z.array(z.strictObject({ ...recordMeta, ...hazardFields })),
  keyPersons: z.array(z.strictObject({ ...recordMeta, ...keyPersonFields })),
  figures: z.array(z.intersection(figureReport, z.object({ unit: str, by: str, at: str, seq: z.int() }))),
  submissions: z.array(
    z.strictObject({ unit: str, form: z.enum(FORMS), empty: z.boolean(), by: str, at: str, seq: z.int() }),
  ),
  reminders: z.record(str, str),
  audit: z.array(z.looseObject({ seq: z.int(), type: str, by: str, at: str })),
});

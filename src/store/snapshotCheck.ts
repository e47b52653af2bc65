import type { z } from 'zod';
import { DataFileError } from './DataFileError.js';
import { type HistoryIndex, NUMBERED } from './HistoryIndex.js';
import { SCHEMA_VERSION, type State, type StoredEvent } from './state.js';
import {
  bindingSchema,
  bindRequestSchema,
  figureEntrySchema,
  formerTermsSchema,
  hazardSchema,
  keyPersonSchema,
  roleGrantSchema,
  spotCheckSchema,
  submissionSchema,
} from './stateSchema.js';

/** What a snapshot holds: the state, the index of the history by record, the latest handled message ids. */
export interface Loaded {
  state: State;
  history: HistoryIndex;
  handled: [string, number][];
  /** a format-1 file held the whole history itself: it is moved out on opening */
  legacyAudit: StoredEvent[] | null;
  /** the file's format (`SCHEMA_VERSION` when this program wrote it): an older one is written anew on opening */
  version: number;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
export const isSeq = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** The error for a file that is not this program's data, naming the place and the way to restore it. */
export type Bad = (where: string, message: string) => DataFileError;

export function badFile(path: string, hint: string): Bad {
  return (where, message) =>
    new DataFileError(`数据文件 ${path} 不是本程序的数据格式（${where}: ${message}）。${hint}`);
}

/** A file written by a newer program is refused, never read or rewritten by this one. */
export function refuseNewer(path: string, version: unknown): void {
  if (typeof version === 'number' && version > SCHEMA_VERSION)
    throw new DataFileError(
      `数据文件 ${path} 的格式版本 ${version} 比本程序支持的 ${SCHEMA_VERSION} 新：请升级程序后再启动，不要用旧版本打开它。`,
    );
}

/** The parts of a snapshot whose records are checked one by one. */
export interface Parts {
  bindings: object;
  requests: object;
  roles: object;
  hazards: unknown[];
  keyPersons: unknown[];
  figures: unknown[];
  submissions: unknown[];
  spotChecks?: unknown[];
  formerTerms?: unknown[];
  returnCounts?: object;
  /** the history's index as files of formats 1 and 2 kept it */
  history?: Record<string, unknown>;
}

/**
 * Every record against its schema. What is kept is the parsed JSON itself (zod's copies are dropped
 * record by record), so the check never holds two copies of the data. Run on a file whose hash does
 * not vouch for it: one this program wrote and whose hash still matches was made from checked changes.
 */
export function checkRecords(p: Parts, bad: Bad): void {
  const check = (name: string, schema: z.ZodType, items: Iterable<[string, unknown]>) => {
    for (const [key, item] of items) {
      const r = schema.safeParse(item);
      if (!r.success) {
        const issue = r.error.issues[0];
        throw bad(
          `${name}.${key}${issue?.path.length ? `.${issue.path.join('.')}` : ''}`,
          issue?.message ?? '',
        );
      }
    }
  };
  const entries = (a: unknown[]) => a.map((x, i): [string, unknown] => [String(i), x]);
  check('bindings', bindingSchema, Object.entries(p.bindings));
  check('requests', bindRequestSchema, Object.entries(p.requests));
  check('roles', roleGrantSchema, Object.entries(p.roles));
  check('hazards', hazardSchema, entries(p.hazards));
  check('keyPersons', keyPersonSchema, entries(p.keyPersons));
  // a record is found by its id at id - 1 (H5 is hazards[4]): one taken out or repeated by hand
  // would pass every schema and silently renumber all the records after it
  for (const [name, list] of [
    ['hazards', p.hazards],
    ['keyPersons', p.keyPersons],
  ] as const)
    list.forEach((r, i) => {
      if ((r as { id: number }).id !== i + 1) throw bad(`${name}.${i}.id`, `应为 ${i + 1}`);
    });
  check('figures', figureEntrySchema, entries(p.figures));
  check('submissions', submissionSchema, entries(p.submissions));
  check('spotChecks', spotCheckSchema, entries(p.spotChecks ?? []));
  check('formerTerms', formerTermsSchema, entries(p.formerTerms ?? []));
  for (const [id, n] of Object.entries(p.returnCounts ?? {}))
    if (!/^[1-9]\d*$/.test(id) || !Number.isInteger(n) || n < 1)
      throw bad(`returnCounts.${id}`, '应为退回次数');
  for (const [k, seqs] of Object.entries(p.history ?? {}))
    if (!Array.isArray(seqs) || !seqs.every(isSeq)) throw bad(`history.${k}`, '应为变更编号列表');
}

/** The history's index of a format-3 file: each record's slot is 0, a seq, or a list of seqs. */
export function checkHistory(index: HistoryIndex, bad: Bad): void {
  for (const kind of NUMBERED)
    index.numbered[kind].forEach((slot, i) => {
      if (!(isSeq(slot) || (Array.isArray(slot) && slot.length > 1 && slot.every(isSeq))))
        throw bad(`history${kind}.${i}`, '应为变更编号或其列表');
    });
  for (const [k, seqs] of index.other)
    if (!Array.isArray(seqs) || !seqs.every(isSeq)) throw bad(`history.${k}`, '应为变更编号列表');
}

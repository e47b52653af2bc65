import { DataFileError } from './DataFileError.js';
import { HistoryIndex } from './HistoryIndex.js';
import {
  badFile,
  checkRecords,
  isObject,
  isSeq,
  type Loaded,
  type Parts,
  refuseNewer,
} from './snapshotCheck.js';
import { SCHEMA_VERSION, type State, type StoredEvent } from './state.js';
import { eventSchema } from './stateSchema.js';

export type { Loaded } from './snapshotCheck.js';

/** The outline only, by hand (zod would copy every array and record): records are checked one by one. */
export const HEAD_OUTLINE: Record<string, (v: unknown) => boolean> = {
  schemaVersion: Number.isInteger,
  seq: isSeq,
  bindings: isObject,
  // binding requests and roles granted in chat: absent from files written before approvals
  requests: (v) => v === undefined || isObject(v),
  roles: (v) => v === undefined || isObject(v),
  requestsFiled: (v) => v === undefined || isSeq(v),
  reminders: (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string'),
  // written since format 3: a file of formats 1 and 2 lost its 抽查 draws at every fold, and had
  // its key persons' former names only in their history
  spotChecks: (v) => v === undefined || Array.isArray(v),
  formerTerms: (v) => v === undefined || Array.isArray(v),
  returnCounts: (v) => v === undefined || isObject(v),
};

const isHandled = (v: unknown) =>
  Array.isArray(v) && v.every((x) => Array.isArray(x) && typeof x[0] === 'string' && isSeq(x[1]));

const OUTLINE: Record<string, (v: unknown) => boolean> = {
  ...HEAD_OUTLINE,
  hazards: Array.isArray,
  keyPersons: Array.isArray,
  figures: Array.isArray,
  submissions: Array.isArray,
  history: (v) => v === undefined || isObject(v),
  handled: (v) => v === undefined || isHandled(v),
  audit: (v) => v === undefined || Array.isArray(v),
};

/** The state from a snapshot's head and its record arrays. */
export function stateOf(head: Record<string, unknown>, arrays: Omit<Parts, 'history'>): State {
  return {
    schemaVersion: SCHEMA_VERSION,
    seq: head.seq,
    bindings: arrays.bindings,
    requests: arrays.requests,
    roles: arrays.roles,
    ...(head.requestsFiled !== undefined ? { requestsFiled: head.requestsFiled } : {}),
    hazards: arrays.hazards,
    keyPersons: arrays.keyPersons,
    figures: arrays.figures,
    submissions: arrays.submissions,
    reminders: head.reminders,
    ...(head.spotChecks !== undefined ? { spotChecks: head.spotChecks } : {}),
    formerTerms: head.formerTerms ?? [],
    returnCounts: head.returnCounts ?? {},
  } as State;
}

/**
 * Parses and validates a snapshot of formats 1 and 2: one JSON document (format 3, written now, is
 * a file of lines: snapshotLines.ts). A format-1 file's history (`audit`) is handed over to be moved out.
 */
export function parseSnapshot(path: string, hint: string) {
  return (text: string, trusted: boolean): Loaded => {
    if (text.trim() === '') throw new DataFileError(`数据文件 ${path} 是空的（可能被截断）。${hint}`);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new DataFileError(`数据文件 ${path} 不是有效的 JSON（${(e as Error).message}）。${hint}`);
    }
    const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
    refuseNewer(path, version);
    const bad = badFile(path, hint);
    if (!isObject(raw)) throw bad('(根)', '不是对象');
    const o = raw;
    for (const [k, ok] of Object.entries(OUTLINE)) if (!ok(o[k])) throw bad(k, '缺失或格式不对');
    for (const k of Object.keys(o)) if (!(k in OUTLINE)) throw bad('(根)', `未知字段 ${k}`);
    if (version !== 1 && version !== 2) throw bad('schemaVersion', String(version));
    let legacyAudit: StoredEvent[] | null = null;
    let history = (o.history ?? {}) as Record<string, number[]>;
    Object.setPrototypeOf(history, null);
    let handled = (o.handled ?? []) as [string, number][];
    const parts = {
      bindings: o.bindings as object,
      requests: (o.requests ?? {}) as object,
      roles: (o.roles ?? {}) as object,
      hazards: o.hazards as unknown[],
      keyPersons: o.keyPersons as unknown[],
      figures: o.figures as unknown[],
      submissions: o.submissions as unknown[],
    };
    if (!trusted) checkRecords({ ...parts, history }, bad);
    if (version === 1) {
      legacyAudit = [];
      history = Object.create(null);
      handled = [];
      (o.audit as unknown[] | undefined)?.forEach((e, i) => {
        const { target, ...ev } = e as { target?: string | null };
        const r = eventSchema.safeParse(ev);
        if (!r.success) throw bad(`audit.${i}`, r.error.issues[0]?.message ?? '');
        legacyAudit?.push(r.data);
        if (target) history[target] = [...(history[target] ?? []), r.data.seq];
        if (r.data.msgId !== null) handled.push([r.data.msgId, r.data.seq]);
      });
    }
    return {
      state: stateOf(o, parts),
      history: HistoryIndex.from(history),
      handled: handled.slice(-10_000),
      legacyAudit,
      version,
    };
  };
}

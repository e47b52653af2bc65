import type { z } from 'zod';
import { DataFileError } from './DataFileError.js';
import { SCHEMA_VERSION, type State, type StoredEvent } from './state.js';
import {
  bindingSchema,
  bindRequestSchema,
  eventSchema,
  figureEntrySchema,
  hazardSchema,
  keyPersonSchema,
  roleGrantSchema,
  submissionSchema,
} from './stateSchema.js';

/** What `store.json` holds: the state, the index of the history by record, the latest handled message ids. */
export interface Loaded {
  state: State;
  history: Record<string, number[]>;
  handled: [string, number][];
  /** a format-1 file held the whole history itself: it is moved out on opening */
  legacyAudit: StoredEvent[] | null;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isSeq = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

/** The outline only, by hand (zod would copy every array and record): records are checked one by one below. */
const OUTLINE: Record<string, (v: unknown) => boolean> = {
  schemaVersion: Number.isInteger,
  seq: isSeq,
  bindings: isObject,
  // binding requests and roles granted in chat: absent from files written before approvals
  requests: (v) => v === undefined || isObject(v),
  roles: (v) => v === undefined || isObject(v),
  requestsFiled: (v) => v === undefined || isSeq(v),
  hazards: Array.isArray,
  keyPersons: Array.isArray,
  figures: Array.isArray,
  submissions: Array.isArray,
  reminders: (v) => isObject(v) && Object.values(v).every((x) => typeof x === 'string'),
  history: (v) => v === undefined || isObject(v),
  handled: (v) =>
    v === undefined ||
    (Array.isArray(v) && v.every((x) => Array.isArray(x) && typeof x[0] === 'string' && isSeq(x[1]))),
  audit: (v) => v === undefined || Array.isArray(v),
};

/**
 * Parses and validates the snapshot. Every record is checked against its schema, but what is kept
 * is the parsed JSON itself (zod's copies are dropped record by record), so start-up never holds
 * two copies of the data. A format-1 file's history (`audit`) is handed over to be moved out.
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
    if (typeof version === 'number' && version > SCHEMA_VERSION)
      throw new DataFileError(
        `数据文件 ${path} 的格式版本 ${version} 比本程序支持的 ${SCHEMA_VERSION} 新：请升级程序后再启动，不要用旧版本打开它。`,
      );
    const bad = (where: string, message: string) =>
      new DataFileError(`数据文件 ${path} 不是本程序的数据格式（${where}: ${message}）。${hint}`);
    if (!isObject(raw))
      throw new DataFileError(`数据文件 ${path} 不是本程序的数据格式（(根): 不是对象）。${hint}`);
    const o = raw;
    for (const [k, ok] of Object.entries(OUTLINE)) if (!ok(o[k])) throw bad(k, '缺失或格式不对');
    for (const k of Object.keys(o)) if (!(k in OUTLINE)) throw bad('(根)', `未知字段 ${k}`);
    if (version !== 1 && version !== 2) throw bad('schemaVersion', String(version));
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
    // A file this program wrote and whose hash still matches was made from checked changes: the outline suffices.
    function checkRecords() {
      check('bindings', bindingSchema, Object.entries(o.bindings as object));
      check('requests', bindRequestSchema, Object.entries((o.requests ?? {}) as object));
      check('roles', roleGrantSchema, Object.entries((o.roles ?? {}) as object));
      check('hazards', hazardSchema, entries(o.hazards as unknown[]));
      check('keyPersons', keyPersonSchema, entries(o.keyPersons as unknown[]));
      check('figures', figureEntrySchema, entries(o.figures as unknown[]));
      check('submissions', submissionSchema, entries(o.submissions as unknown[]));
      for (const [k, seqs] of Object.entries(history))
        if (!Array.isArray(seqs) || !seqs.every(isSeq)) throw bad(`history.${k}`, '应为变更编号列表');
    }
    let legacyAudit: StoredEvent[] | null = null;
    let history = (o.history ?? {}) as Record<string, number[]>;
    Object.setPrototypeOf(history, null);
    let handled = (o.handled ?? []) as [string, number][];
    if (!trusted) checkRecords();
    if (version === 1) {
      legacyAudit = [];
      history = Object.create(null);
      handled = [];
      for (const [i, e] of entries((o.audit ?? []) as unknown[])) {
        const { target, ...ev } = e as { target?: string | null };
        const r = eventSchema.safeParse(ev);
        if (!r.success) throw bad(`audit.${i}`, r.error.issues[0]?.message ?? '');
        legacyAudit.push(r.data);
        if (target) history[target] = [...(history[target] ?? []), r.data.seq];
        if (r.data.msgId !== null) handled.push([r.data.msgId, r.data.seq]);
      }
    }
    const state = {
      schemaVersion: SCHEMA_VERSION,
      seq: o.seq,
      bindings: o.bindings,
      requests: o.requests ?? {},
      roles: o.roles ?? {},
      ...(o.requestsFiled !== undefined ? { requestsFiled: o.requestsFiled } : {}),
      hazards: o.hazards,
      keyPersons: o.keyPersons,
      figures: o.figures,
      submissions: o.submissions,
      reminders: o.reminders,
    } as State;
    return { state, history, handled: handled.slice(-10_000), legacyAudit };
  };
}

const SLICE = 500;

/**
 * The snapshot as text chunks, of the state as it is now: the arrays are copied (pointers only;
 * records are replaced, never changed, by later changes) and the index is cut at the current
 * change, so changes made while the chunks are written do not leak into it.
 */
export function snapshotChunks(
  state: State,
  index: Record<string, number[]>,
  handled: [string, number][],
): Iterable<string> {
  const seq = state.seq;
  const head = {
    schemaVersion: SCHEMA_VERSION,
    seq,
    bindings: { ...state.bindings },
    requests: { ...state.requests },
    roles: { ...state.roles },
    ...(state.requestsFiled !== undefined ? { requestsFiled: state.requestsFiled } : {}),
    reminders: { ...state.reminders },
  };
  const arrays = {
    hazards: state.hazards.slice(),
    keyPersons: state.keyPersons.slice(),
    figures: state.figures.slice(),
    submissions: state.submissions.slice(),
  };
  return (function* () {
    yield JSON.stringify(head).slice(0, -1);
    for (const [name, items] of Object.entries(arrays)) {
      yield `,"${name}":[`;
      for (let i = 0; i < items.length; i += SLICE)
        yield (i > 0 ? ',' : '') +
          items
            .slice(i, i + SLICE)
            .map((x) => JSON.stringify(x))
            .join(',');
      yield ']';
    }
    yield ',"history":{';
    let first = true;
    let part: string[] = [];
    for (const target of Object.keys(index)) {
      const seqs = index[target] as number[];
      const upTo = seqs.filter((s) => s <= seq);
      if (upTo.length === 0) continue;
      part.push(`${first ? '' : ','}${JSON.stringify(target)}:[${upTo.join(',')}]`);
      first = false;
      if (part.length >= 5 * SLICE) {
        yield part.join('');
        part = [];
      }
    }
    yield `${part.join('')}}`;
    yield `,"handled":${JSON.stringify(handled.filter(([, s]) => s <= seq))}}`;
  })();
}

import { DataFileError } from './DataFileError.js';
import type { ChunkReader } from './FsyncJsonFile.js';
import { HistoryIndex } from './HistoryIndex.js';
import { HEAD_OUTLINE, parseSnapshot, stateOf } from './snapshot.js';
import {
  type Bad,
  badFile,
  checkHistory,
  checkRecords,
  isSeq,
  type Loaded,
  refuseNewer,
} from './snapshotCheck.js';
import { SCHEMA_VERSION } from './state.js';

/**
 * Format 3 of `store.json`: a file of lines, each one JSON value, read a line at a time so a
 * province's 170 MB never sits in memory as one buffer and one string beside the records made from
 * them (format 2, one JSON document, held all three: 740 MB at ready).
 *
 *     {"schemaVersion":3,"seq":…,"bindings":{…},"requests":{…},"roles":{…},"reminders":{},…}
 *     ["hazards",[…records…]]            about 128 Ki characters a line, as many lines as it
 *     ["historyH",[5,[7,9],0,…]]          takes; then keyPersons, figures, submissions; the index of
 *                                        the history by record number (H1 changed at 5, H2 at 7
 *                                        and 9, H3 not yet), historyP likewise, the other records'
 *     ["history",[["导入:m1",[12]],…]]     as pairs; the ids of the last messages handled
 *     ["end",{"hazards":285000,…}]       the count of each part: a file cut short at a line's
 *                                        end is caught by it
 */
export const PARTS = [
  'hazards',
  'keyPersons',
  'figures',
  'submissions',
  'historyH',
  'historyP',
  'history',
  'handled',
  'reminders',
] as const;
export type Part = (typeof PARTS)[number];

/** The first bytes of a format-3 (or later) file. */
const LINES_HEAD = /^\{"schemaVersion":(\d+)[,}]/;

/**
 * Reads `store.json` of any format: a file of lines (format 3) a line at a time; a single JSON
 * document (formats 1 and 2, from before) whole, through `legacy`.
 */
export function snapshotReader(path: string, hint: string): ChunkReader<Loaded> {
  const legacy = parseSnapshot(path, hint);
  let lines: LineReader | null = null;
  let whole: Buffer[] | null = null;
  // the first bytes, until there are enough to tell the format by: a read may return fewer
  let start: Buffer[] = [];
  let startBytes = 0;
  const decide = () => {
    const first = Buffer.concat(start);
    const version = Number(LINES_HEAD.exec(first.subarray(0, 64).toString('latin1'))?.[1] ?? 0);
    if (version >= 3) lines = new LineReader(path, hint);
    else whole = [];
    start = [];
    if (first.length > 0) (lines ?? whole)?.push(first);
  };
  return {
    push(chunk) {
      if (!lines && !whole) {
        start.push(chunk);
        startBytes += chunk.length;
        if (startBytes >= 64) decide();
        return;
      }
      if (lines) lines.push(chunk);
      else whole?.push(chunk);
    },
    end(trusted) {
      if (!lines && !whole) decide();
      if (lines) return lines.end(trusted);
      let text: string;
      try {
        // a byte that is not UTF-8 is damage: read as U+FFFD it would be written anew as data
        text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(whole ?? []));
      } catch {
        throw new DataFileError(`数据文件 ${path} 含有不是 UTF-8 的字节（文件已损坏）。${hint}`);
      }
      return legacy(text, trusted);
    },
  };
}

/** A format-3 file, a line at a time: only the line being read is held as text. */
class LineReader implements ChunkReader<Loaded> {
  private readonly bad: Bad;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** the start of a line whose end is in a later chunk */
  private pending: Buffer[] = [];
  private lineNo = 0;
  private head: Record<string, unknown> | null = null;
  private readonly records = {
    hazards: [] as unknown[],
    keyPersons: [] as unknown[],
    figures: [] as unknown[],
    submissions: [] as unknown[],
  };
  private readonly history = new HistoryIndex();
  private readonly handled: [string, number][] = [];
  /** the reminders sent: the head's (none, as this program writes it), then those of the lines */
  private reminders: Record<string, string> = {};
  private remindersRead = 0;
  private counts: Record<string, unknown> | null = null;

  constructor(
    private readonly path: string,
    private readonly hint: string,
  ) {
    this.bad = badFile(path, hint);
  }

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        if (start < chunk.length) this.pending.push(chunk.subarray(start));
        return;
      }
      const piece = chunk.subarray(start, nl);
      this.line(this.pending.length > 0 ? Buffer.concat([...this.pending, piece]) : piece);
      this.pending = [];
      start = nl + 1;
    }
  }

  private line(bytes: Buffer): void {
    this.lineNo++;
    if (this.counts) throw this.bad(`第 ${this.lineNo} 行`, '结束标记之后还有内容');
    let value: unknown;
    try {
      value = JSON.parse(this.decoder.decode(bytes));
    } catch (e) {
      throw new DataFileError(
        `数据文件 ${this.path} 第 ${this.lineNo} 行不是有效的 JSON（${(e as Error).message}）。${this.hint}`,
      );
    }
    if (this.lineNo === 1) {
      this.takeHead(value);
      return;
    }
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string')
      throw this.bad(`第 ${this.lineNo} 行`, '应为 [名称, 内容]');
    const [name, items] = value as [string, unknown];
    if (name === 'end') {
      if (typeof items !== 'object' || items === null) throw this.bad('end', '应为各部分的条数');
      this.counts = items as Record<string, unknown>;
      return;
    }
    if (!Array.isArray(items)) throw this.bad(`第 ${this.lineNo} 行`, `${name} 的内容应为列表`);
    if (name in this.records) {
      const into = this.records[name as keyof typeof this.records];
      for (const x of items) into.push(x);
    } else if (name === 'historyH' || name === 'historyP') {
      const into = this.history.numbered[name === 'historyH' ? 'H' : 'P'];
      for (const slot of items) into.push(slot);
    } else if (name === 'history') {
      for (const pair of items) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !Array.isArray(pair[1]))
          throw this.bad(`第 ${this.lineNo} 行`, 'history 的条目应为 [记录, 变更编号列表]');
        this.history.other.set(pair[0], pair[1]);
      }
    } else if (name === 'reminders') {
      for (const pair of items) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')
          throw this.bad(`第 ${this.lineNo} 行`, 'reminders 的条目应为 [提醒, 发出时间]');
        this.reminders[pair[0]] = pair[1];
        this.remindersRead++;
      }
    } else if (name === 'handled') {
      for (const pair of items) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || !isSeq(pair[1]))
          throw this.bad(`第 ${this.lineNo} 行`, 'handled 的条目应为 [消息编号, 变更编号]');
        this.handled.push(pair as [string, number]);
      }
    } else throw this.bad(`第 ${this.lineNo} 行`, `未知部分 ${name}`);
  }

  private takeHead(value: unknown): void {
    const o = value as Record<string, unknown>;
    refuseNewer(this.path, o?.schemaVersion);
    for (const [k, ok] of Object.entries(HEAD_OUTLINE)) if (!ok(o[k])) throw this.bad(k, '缺失或格式不对');
    for (const k of Object.keys(o)) if (!(k in HEAD_OUTLINE)) throw this.bad('(根)', `未知字段 ${k}`);
    if (o.schemaVersion !== SCHEMA_VERSION) throw this.bad('schemaVersion', String(o.schemaVersion));
    this.head = o;
    this.reminders = { ...(o.reminders as Record<string, string>) };
  }

  end(trusted: boolean): Loaded {
    const cut = () =>
      new DataFileError(`数据文件 ${this.path} 不完整（可能被截断：没有结束标记）。${this.hint}`);
    // a first line without its end: read it still, so a newer program's file is named as such
    if (this.lineNo === 0 && this.pending.length > 0) this.line(Buffer.concat(this.pending));
    if (this.pending.length > 0 || !this.head || !this.counts) throw cut();
    const got: Record<Part, number> = {
      hazards: this.records.hazards.length,
      keyPersons: this.records.keyPersons.length,
      figures: this.records.figures.length,
      submissions: this.records.submissions.length,
      historyH: this.history.numbered.H.length,
      historyP: this.history.numbered.P.length,
      history: this.history.other.size,
      handled: this.handled.length,
      reminders: this.remindersRead,
    };
    for (const part of PARTS)
      if (this.counts[part] !== got[part])
        throw this.bad(
          'end',
          `${part} 应有 ${String(this.counts[part])} 条，读到 ${got[part]} 条（文件可能被截断）`,
        );
    const head = this.head;
    const parts = {
      bindings: head.bindings as object,
      requests: (head.requests ?? {}) as object,
      roles: (head.roles ?? {}) as object,
      spotChecks: (head.spotChecks ?? []) as unknown[],
      formerTerms: (head.formerTerms ?? []) as unknown[],
      returnCounts: (head.returnCounts ?? {}) as object,
      ...this.records,
    };
    if (!trusted) {
      checkRecords(parts, this.bad);
      checkHistory(this.history, this.bad);
    }
    return {
      state: stateOf({ ...head, reminders: this.reminders }, parts),
      history: this.history,
      handled: this.handled.slice(-10_000),
      legacyAudit: null,
      version: SCHEMA_VERSION,
    };
  }
}

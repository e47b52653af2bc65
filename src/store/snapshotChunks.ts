import type { HistoryIndex, Slot } from './HistoryIndex.js';
import type { Part } from './snapshotLines.js';
import { SCHEMA_VERSION, type State } from './state.js';

/**
 * Characters a line holds before the next begins (lines end at a record's end, so a little more):
 * cut by size, not by a count of records, so the text held while a line is read stays small
 * whatever the records hold.
 */
const LINE_CHARS = 128 * 1024;

/**
 * The snapshot as text chunks (whole lines, in the format snapshotLines.ts describes), of the state
 * as it is now: the arrays are copied (pointers only; records are replaced, never changed, by later
 * changes) and the index is cut at the current change, so changes made while the chunks are written
 * do not leak into it.
 */
export function snapshotChunks(
  state: State,
  index: HistoryIndex,
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
    // a province sends about 240k reminders a campaign: they go in lines of their own, not in the head
    reminders: {},
    ...(state.spotChecks !== undefined ? { spotChecks: state.spotChecks.slice() } : {}),
    formerTerms: (state.formerTerms ?? []).slice(),
    returnCounts: { ...state.returnCounts },
  };
  const arrays: [Part, unknown[]][] = [
    ['hazards', state.hazards.slice()],
    ['keyPersons', state.keyPersons.slice()],
    ['figures', state.figures.slice()],
    ['submissions', state.submissions.slice()],
    ['historyH', index.numbered.H.slice()],
    ['historyP', index.numbered.P.slice()],
    ['reminders', Object.entries(state.reminders)],
  ];
  // a change made while the chunks are written has a later seq: cut off, the slot is as it was
  const upTo = (slot: Slot): Slot => {
    if (typeof slot === 'number') return slot <= seq ? slot : 0;
    const kept = slot.filter((s) => s <= seq);
    return kept.length === 0 ? 0 : kept.length === 1 ? (kept[0] as number) : kept;
  };
  const counts: Record<string, number> = {};
  const lines = function* (part: Part, items: Iterable<unknown>) {
    let slice: string[] = [];
    let chars = 0;
    counts[part] = 0;
    for (const x of items) {
      const json = JSON.stringify(x);
      slice.push(json);
      chars += json.length + 1;
      counts[part]++;
      if (chars >= LINE_CHARS) {
        yield `["${part}",[${slice.join(',')}]]\n`;
        slice = [];
        chars = 0;
      }
    }
    if (slice.length > 0) yield `["${part}",[${slice.join(',')}]]\n`;
  };
  return (function* () {
    yield `${JSON.stringify(head)}\n`;
    for (const [part, items] of arrays)
      yield* lines(part, part.startsWith('history') ? (items as Slot[]).map(upTo) : items);
    const others = (function* () {
      for (const [target, seqs] of [...index.other]) {
        const kept = seqs.filter((s) => s <= seq);
        if (kept.length > 0) yield [target, kept];
      }
    })();
    yield* lines('history', others);
    yield* lines(
      'handled',
      handled.filter(([, s]) => s <= seq),
    );
    yield `["end",${JSON.stringify(counts)}]\n`;
  })();
}

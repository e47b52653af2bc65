import type { AuditEntry, State } from './state.js';

/**
 * The stored changes of one record (`P3`), oldest first, read from its history segment on disk:
 * one file read a call. Never call it for every record while building a view: 15,000 key persons
 * took 75 s. What a view needs of the past belongs on the state (see keepFromHistory.ts).
 */
export type HistoryOf = (target: string) => readonly AuditEntry[];

/** What a view is looked up by: one key per kind of view, typed by the view it names. */
export interface ViewKey<V> {
  readonly name: string;
  /** never set: carries the view's type */
  readonly view?: V;
}

/**
 * A view of the state kept up to date by the store itself: built once when the store opens (from
 * the snapshot, with the history at hand), then brought forward by `apply` right after every
 * change, committed or replayed. So a reply never pays for a pass over the whole store, and no
 * view can lose track of the changes.
 */
export interface Projection<V> {
  readonly key: ViewKey<V>;
  build(state: State, history: HistoryOf): V;
  /** brings `view` forward by one change; `state` is the state after it */
  apply(view: V, entry: AuditEntry, state: State): void;
}

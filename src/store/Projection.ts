import type { AuditEntry, State } from './state.js';

/** What a view is looked up by: one key per kind of view, typed by the view it names. */
export interface ViewKey<V> {
  readonly name: string;
  /** never set: carries the view's type */
  readonly view?: V;
}

/**
 * A view of the state kept up to date by the store itself: built once when the store opens, from
 * the state alone, then brought forward by `apply` right after every change, committed or replayed.
 * So a reply never pays for a pass over the whole store, and no view can lose track of the changes.
 * What a view needs of the past belongs on the state (keepFromHistory.ts): reading each record's
 * history while building made opening a real store take minutes (15,000 key persons: 75 s).
 */
export interface Projection<V> {
  readonly key: ViewKey<V>;
  build(state: State): V;
  /** brings `view` forward by one change; `state` is the state after it */
  apply(view: V, entry: AuditEntry, state: State): void;
}

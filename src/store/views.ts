import type { Projection, ViewKey } from './Projection.js';
import type { AuditEntry, State } from './state.js';

/** Where a state keeps its views: a symbol, so snapshots (JSON) and copies (structuredClone) never carry them. */
const VIEWS = Symbol('views');

type WithViews = State & { [VIEWS]?: Views };

/** The views registered on one state, in registration order. */
export class Views {
  private readonly held = new Map<ViewKey<unknown>, { p: Projection<unknown>; view: unknown }>();

  private constructor(private readonly state: State) {}

  /** Builds each projection on `state` and attaches the views to it (a state has one set of views). */
  static attach(state: State, projections: readonly Projection<unknown>[]): Views {
    const views = new Views(state);
    for (const p of projections) views.held.set(p.key, { p, view: p.build(state) });
    Object.defineProperty(state, VIEWS, { value: views, enumerable: false, configurable: true });
    return views;
  }

  /** Brings every view forward by one change, just applied to the state. */
  apply(entry: AuditEntry): void {
    for (const { p, view } of this.held.values()) p.apply(view, entry, this.state);
  }

  get<V>(key: ViewKey<V>): V | undefined {
    return this.held.get(key)?.view as V | undefined;
  }
}

/** The view `key` names, as the store keeps it; undefined for a state no store registered it on (a copy). */
export function viewOf<V>(state: State, key: ViewKey<V>): V | undefined {
  return (state as WithViews)[VIEWS]?.get(key);
}

// State machines as tables: (state, event) → (next state, actions). One guard rejects every edge
// the table does not list, so an impossible event (a timer that cannot be running, a second
// final response from the TU) is an error, never a silent state change.
import { StateError } from "../../base/index.ts";

export interface Edge<S extends string, A extends string> {
  readonly next: S;
  readonly actions: readonly A[];
}

export type Table<S extends string, E extends string, A extends string> = {
  readonly [state in S]: { readonly [event in E]?: Edge<S, A> };
};

/** The edge for (state, event); throws StateError when the table has none. */
export function transition<S extends string, E extends string, A extends string>(
  table: Table<S, E, A>,
  state: S,
  event: E,
): Edge<S, A> {
  const edge = table[state][event];
  if (!edge) throw new StateError("illegal transition", state, event);
  return edge;
}

/** Every (state, event) pair the table allows, for exhaustive tests. */
export function edges<S extends string, E extends string, A extends string>(
  table: Table<S, E, A>,
): Array<{ state: S; event: E; edge: Edge<S, A> }> {
  const out: Array<{ state: S; event: E; edge: Edge<S, A> }> = [];
  for (const state of Object.keys(table) as S[]) {
    for (const [event, edge] of Object.entries(table[state]) as Array<[E, Edge<S, A>]>)
      out.push({ state, event, edge });
  }
  return out;
}

/** Shorthand for table literals. */
export function to<S extends string, A extends string>(next: S, ...actions: A[]): Edge<S, A> {
  return { next, actions };
}

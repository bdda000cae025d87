import assert from "node:assert/strict";
import { test } from "node:test";
import { StateError } from "../../base/index.ts";
import { edges, type Table, transition } from "./fsm.ts";
import { INVITE_CLIENT_TABLE } from "./invite-client-table.ts";
import { INVITE_SERVER_TABLE } from "./invite-server-table.ts";
import { NON_INVITE_CLIENT_TABLE } from "./non-invite-client-table.ts";
import { NON_INVITE_SERVER_TABLE } from "./non-invite-server-table.ts";

const MACHINES: Array<[string, Table<string, string, string>, string[]]> = [
  [
    "INVITE client",
    INVITE_CLIENT_TABLE,
    ["timerA", "timerB", "timerD", "timerM", "resp1xx", "resp2xx", "resp300to699", "transportError"],
  ],
  [
    "non-INVITE client",
    NON_INVITE_CLIENT_TABLE,
    ["timerE", "timerF", "timerK", "resp1xx", "resp2xx", "resp300to699", "transportError"],
  ],
  [
    "INVITE server",
    INVITE_SERVER_TABLE,
    [
      "request",
      "ack",
      "tu1xx",
      "tu2xx",
      "tu300to699",
      "timerG",
      "timerH",
      "timerI",
      "timerL",
      "transportError",
    ],
  ],
  [
    "non-INVITE server",
    NON_INVITE_SERVER_TABLE,
    ["request", "tu1xx", "tu2xx", "tu300to699", "timerJ", "transportError"],
  ],
];

for (const [name, table, events] of MACHINES) {
  test(`${name}: the guard rejects every edge the table does not list`, () => {
    let legal = 0;
    let illegal = 0;
    for (const state of Object.keys(table)) {
      for (const event of events) {
        if (table[state]![event]) {
          legal++;
          assert.ok(Object.keys(table).includes(transition(table, state, event).next));
        } else {
          illegal++;
          assert.throws(
            () => transition(table, state, event),
            (e) => e instanceof StateError && e.state === state && e.event === event,
          );
        }
      }
    }
    assert.equal(legal, edges(table).length);
    assert.ok(illegal > 0);
    assert.deepEqual(table.terminated, {}, "Terminated is final");
  });

  test(`${name}: every state is reachable and every non-final state can terminate`, () => {
    const states = Object.keys(table);
    const initial = states[0]!;
    const seen = new Set([initial]);
    for (let changed = true; changed; ) {
      changed = false;
      for (const e of edges(table)) {
        if (seen.has(e.state) && !seen.has(e.edge.next)) {
          seen.add(e.edge.next);
          changed = true;
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...states].sort());
    for (const s of states) {
      if (s === "terminated") continue;
      assert.ok(
        edges(table).some((e) => e.state === s && e.edge.next !== s) || s === "terminated",
        `${s} has a way out`,
      );
    }
  });
}

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StateError } from "../../base/index.ts";
import { REGISTRATION_TABLE, type RegistrationState, registrationEdge } from "./registration-table.ts";

describe("the trunk registration table", () => {
  const states = Object.keys(REGISTRATION_TABLE) as RegistrationState[];

  it("the guard rejects an edge the table lacks", () => {
    assert.throws(() => registrationEdge("idle", "resp2xx"), StateError);
    assert.throws(
      () => registrationEdge("failed", "timerBackoff"),
      StateError,
      "failed never retries by itself",
    );
    assert.throws(() => registrationEdge("closed", "start"), StateError, "closed is final");
  });

  it("every state but closed can be stopped, and stopping clears timers and keepalives", () => {
    for (const s of states.filter((x) => x !== "closed")) {
      const e = registrationEdge(s, "stop");
      assert.equal(e.next, "closed");
      assert.ok(e.actions.includes("clearTimers") && e.actions.includes("stopKeepalive"));
    }
  });

  it("a wrong password fails for good; every other failure backs off; success resets the count", () => {
    assert.equal(registrationEdge("registering", "credentialsRejected").next, "failed");
    assert.equal(registrationEdge("registering", "respRetryable").next, "backoff");
    assert.ok(registrationEdge("registering", "respRetryable").actions.includes("scheduleBackoff"));
    assert.ok(registrationEdge("registering", "resp2xx").actions.includes("resetFailures"));
    assert.ok(registrationEdge("registering", "resp2xx").actions.includes("scheduleRefresh"));
  });

  it("only a registered trunk reacts to a lost keepalive or a new public address", () => {
    for (const s of states) {
      const has = REGISTRATION_TABLE[s].keepaliveLost !== undefined;
      assert.equal(has, s === "registered", s);
      assert.equal(REGISTRATION_TABLE[s].contactChanged !== undefined, s === "registered", s);
    }
  });
});

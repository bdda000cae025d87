import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { cycles, importGraph, importsOf } from "./import-graph.ts";
import { violations } from "./import-rules.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("import rules (ARCHITECTURE.md)", () => {
  const edges = importGraph(root);

  it("reads a real graph", () => {
    assert.ok(edges.length > 0, "no imports found: the scanner is broken");
  });

  it("has no violations in the tree", () => {
    assert.deepEqual(violations(edges), []);
  });

  it("has no import cycles", () => {
    assert.deepEqual(cycles(edges), []);
  });

  it("catches a forbidden import", () => {
    const bad = importsOf("appliance/sip/message/parse.ts", 'import { x } from "../transaction/index.ts";\n');
    assert.equal(violations(bad).length, 1);
    const cross = importsOf("infra/index.ts", 'import { y } from "../appliance/main.ts";');
    assert.match(violations(cross)[0]!, /infra\/ imports neither appliance/);
    const ok = importsOf("appliance/sip/transaction/t.ts", 'export { z } from "../message/index.ts";');
    assert.deepEqual(violations(ok), []);
  });

  it("catches a cycle", () => {
    const e = [
      ...importsOf("a/x.ts", 'import "./y.ts";'),
      ...importsOf("a/y.ts", 'const m = await import("./z.ts");'),
      ...importsOf("a/z.ts", 'export * from "./x.ts";'),
    ];
    assert.deepEqual(cycles(e), [["a/x.ts", "a/y.ts", "a/z.ts"]]);
  });
});

// How the language host's Run reports what a program does, through the real engine: outputs of a
// default-exported function, an exception with its stack, and a dynamic provider whose closure
// cannot be serialized (its resource's outputs never settle: the run must end, not hang).
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { PulumiSandbox } from "./pulumi-cli.ts";

const skip = !PulumiSandbox.available() && !process.env.CI && "no Pulumi CLI (run scripts/setup.sh)";

const programs = {
  outputs: `
    import * as pulumi from "@pulumi/pulumi";
    const typed: number = 42;
    export default async () => ({ answer: typed, dryRun: pulumi.runtime.isDryRun() });
  `,
  throws: `
    function deep(): never { throw new Error("boom from the program"); }
    deep();
  `,
  unserializable: `
    import * as pulumi from "@pulumi/pulumi";
    import { randomBytes } from "node:crypto";
    const provider: pulumi.dynamic.ResourceProvider = {
      async create() { return { id: randomBytes(4).toString("hex"), outs: {} }; },
    };
    const r = new pulumi.dynamic.Resource(provider, "r", {}, {});
    export const id = r.id;
  `,
};

describe("Run through the real engine", { skip }, () => {
  const sandboxes: PulumiSandbox[] = [];
  const preview = (program: string) => {
    const sandbox = new PulumiSandbox({ "index.ts": program });
    sandboxes.push(sandbox);
    sandbox.ok("stack", "init", sandbox.stack);
    return sandbox.run("preview", "--stack", sandbox.stack);
  };
  after(() => {
    for (const sandbox of sandboxes) sandbox.cleanUp();
  });

  it("takes a default-exported async function's result as the stack outputs", () => {
    const result = preview(programs.outputs);
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /answer: 42/);
    assert.match(result.output, /dryRun: true/);
  });

  it("shows an exception with its stack and fails", () => {
    const result = preview(programs.throws);
    assert.notEqual(result.status, 0);
    assert.match(
      result.output,
      /failed with an unhandled exception:\n\s*Error: boom from the program\n\s+at deep/,
    );
  });

  it("ends a run whose resource cannot be registered instead of waiting for it", () => {
    const result = preview(programs.unserializable);
    assert.notEqual(result.status, 0);
    assert.match(result.output, /error serializing property "__provider"/);
    assert.ok(result.seconds < 120, `took ${result.seconds} s`);
  });
});

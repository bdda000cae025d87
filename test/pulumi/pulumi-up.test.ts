// The real engine, the real language host, the real dynamic providers: `pulumi preview/up` of the
// example home lab on a file backend, a second `up` that changes nothing, no secret in plain text
// anywhere (state, backend files, command output), and a broken lab failing the preview with the
// loader's exact diagnostics.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { formatDiagnostic, loadLab } from "../../schemas/index.ts";
import { PulumiSandbox, repoRoot } from "./pulumi-cli.ts";

const configSecrets = ["trunkPassword", "routerPassword", "routerEnable"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * How a value would look if it leaked. Long values are searched as they are; short PINs only as a
 * JSON/CLI string ("1234"), since 4 bare digits also occur in timestamps and durations.
 */
function leakPatterns(value: string): string[] {
  return value.length >= 8 ? [value] : [`"${value}"`];
}

// Skipped on a machine set up with --no-pulumi; in CI a missing toolchain fails the run instead.
const skip = !PulumiSandbox.available() && !process.env.CI && "no Pulumi CLI (run scripts/setup.sh)";

describe("pulumi up of the example lab with the real engine", { skip }, () => {
  let sandbox: PulumiSandbox;
  const configured: Record<string, string> = {};
  const onStack = (...args: string[]) => [...args, "--stack", sandbox.stack];

  before(() => {
    assert.ok(PulumiSandbox.available(), "the Pulumi CLI is built: run scripts/setup.sh");
    sandbox = new PulumiSandbox();
    sandbox.ok("stack", "init", sandbox.stack);
    sandbox.ok(...onStack("config", "set", "pibx:lab", "examples/home-lab/lab.yaml"));
    for (const name of configSecrets) {
      configured[name] = `it-${name}-${randomBytes(12).toString("hex")}`;
      sandbox.ok(...onStack("config", "set", "--secret", `pibx:${name}`, configured[name] ?? ""));
    }
  });

  after(() => {
    sandbox?.cleanUp();
    assert.deepEqual(
      readdirSync(repoRoot).filter((f) => /^Pulumi\..+\.yaml$/.test(f) && f.includes("it-")),
      [],
    );
  });

  it("previews the lab's secrets and plan", (t) => {
    const preview = sandbox.ok(...onStack("preview"));
    t.diagnostic(`pulumi preview: ${preview.seconds.toFixed(1)} s`);
    assert.match(preview.output, /pibx:secrets:LabSecrets/);
    assert.match(preview.output, /GeneratedSecret/);
    assert.match(preview.output, /\+ 9 to create/);
    // Pulumi.yaml names the language host and the dynamic-provider launcher: none taken from PATH.
    assert.doesNotMatch(preview.output, /warning:/);
  });

  it("creates them with `pulumi up`", (t) => {
    const up = sandbox.ok(...onStack("up", "--yes"));
    t.diagnostic(`pulumi up (create): ${up.seconds.toFixed(1)} s`);
    assert.match(up.output, /9 created/);
  });

  it("changes nothing on a second `pulumi up`", (t) => {
    const again = sandbox.ok(...onStack("up", "--yes", "--expect-no-changes"));
    t.diagnostic(`pulumi up (no changes): ${again.seconds.toFixed(1)} s`);
    assert.match(again.output, /9 unchanged/);
  });

  it("exports the plan as outputs", () => {
    const outputs = JSON.parse(sandbox.ok(...onStack("stack", "output", "--json")).output) as {
      summary: { trunks: Array<{ dids: Array<{ number: string; destination: string }> }> };
      portForwards: { hops: Array<{ router: string }> };
      secretValues: string;
    };
    assert.deepEqual(outputs.summary.trunks[0]?.dids, [{ number: "17775551234", destination: "ivr main" }]);
    assert.deepEqual(
      outputs.portForwards.hops.map((h) => h.router),
      ["home", "lab"],
    );
    assert.equal(outputs.secretValues, "[secret]");
  });

  it("keeps every secret out of the state, the backend files and the command output", () => {
    const shown = sandbox.ok(...onStack("stack", "output", "secretValues", "--show-secrets", "--json"));
    const values = JSON.parse(shown.output) as Record<string, string>;
    for (const [name, value] of Object.entries(configured)) assert.equal(values[name], value);
    assert.match(values.ext100Password ?? "", /^[A-Za-z0-9]{24}$/);
    assert.match(values.vm100Pin ?? "", /^[0-9]{6}$/);
    assert.match(values.conferencePin ?? "", /^[0-9]{4}$/);
    assert.equal(Object.keys(values).length, 10);
    // The patterns do find the values where they are shown on purpose: the search can fail.
    for (const value of Object.values(values)) {
      assert.ok(leakPatterns(value).some((p) => shown.output.includes(p)));
    }

    const exported = sandbox.ok(...onStack("stack", "export")).output;
    const places: Array<[string, string]> = [["pulumi stack export", exported]];
    for (const file of filesUnder(sandbox.backendDir)) places.push([file, readFileSync(file, "utf8")]);
    for (const run of sandbox.history) {
      if (run !== shown) places.push([`pulumi ${run.args.join(" ")}`, run.output]);
    }
    assert.ok(
      places.some(([where]) => where.endsWith(`${sandbox.stack}.json`)),
      "the stack's state file",
    );
    for (const [name, value] of Object.entries(values)) {
      for (const pattern of leakPatterns(value)) {
        for (const [where, text] of places) {
          assert.ok(!text.includes(pattern), `secret ${name} in plain text in ${where}`);
        }
      }
    }
  });

  it("fails the preview of a broken lab with the loader's diagnostics, one per line", () => {
    const broken = join(sandbox.dir, "broken-lab.yaml");
    const example = readFileSync(join(repoRoot, "examples/home-lab/lab.yaml"), "utf8");
    const text = example
      .replace("devices: [bob-iphone]", "devices: [carol-iphone]")
      .replace('"1": { destination: { extension: "101" } }', '"1": { destination: { extension: "199" } }');
    assert.notEqual(text, example);
    writeFileSync(broken, text);
    const expected = loadLab(broken)
      .diagnostics.filter((d) => d.severity === "error")
      .map(formatDiagnostic);
    assert.ok(expected.length >= 2, `the broken lab has errors: ${expected.join("; ")}`);

    sandbox.ok(...onStack("config", "set", "pibx:lab", broken));
    const preview = sandbox.run(...onStack("preview"));
    assert.notEqual(preview.status, 0);
    const errorLines = preview.output
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line.startsWith("error: "))
      .map((line) => line.slice("error: ".length));
    // The Diagnostics section lists each error once, in the loader's order, then the summary.
    assert.deepEqual(errorLines, [...expected, `the lab has ${expected.length} errors (listed above)`]);
    assert.doesNotMatch(preview.output, /^\s+at /m, "no stack trace");
    assert.ok(!existsSync(join(repoRoot, `Pulumi.${sandbox.stack}.yaml`)));
  });
});

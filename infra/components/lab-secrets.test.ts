// The LabSecrets component's resource graph under Pulumi's mocks (no engine, no provider calls).
import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import type { SecretPlan } from "../plan/index.ts";
import { LabSecrets, missingSecretsMessage } from "./lab-secrets.ts";

const registered: pulumi.runtime.MockResourceArgs[] = [];

before(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push(args);
        // A GeneratedSecret "generates" a fixed value; the component has no state of its own.
        const state = args.type.endsWith(":GeneratedSecret")
          ? { ...args.inputs, value: `mock-${args.name}` }
          : {};
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "pibx",
    "test",
    true,
  );
});

const plans: SecretPlan[] = [
  { name: "trunk", source: { kind: "config" }, usedAt: ["trunks[0].password"] },
  { name: "ext100", source: { kind: "generate", charset: "password", length: 24 }, usedAt: [] },
  { name: "vm100", source: { kind: "generate", charset: "pin", length: 6 }, usedAt: [] },
];

const configWith = (values: Record<string, string>) => {
  const getSecret = (key: string) =>
    key in values ? pulumi.secret(pulumi.output(values[key] ?? "")) : undefined;
  return {
    getSecret,
    requireSecret: (key: string) => getSecret(key) ?? assert.fail(`requireSecret(${key}) of a missing key`),
  };
};

const resolved = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => output.apply((v) => resolve(v)));

test("generated secrets are GeneratedSecret children; every value is a secret", async () => {
  // Children inherit the component's transformations: a way to see each child's parent.
  const parents = new Map<string, pulumi.Resource | undefined>();
  const secrets = new LabSecrets(
    "lab",
    { secrets: plans, config: configWith({ trunk: "from-config" }) },
    { transformations: [(args) => void parents.set(args.name, args.opts.parent)] },
  );
  assert.deepEqual(Object.keys(secrets.values), ["trunk", "ext100", "vm100"]);
  for (const value of Object.values(secrets.values)) assert.equal(await pulumi.isSecret(value), true);
  assert.equal(await resolved(secrets.values.trunk!), "from-config");
  assert.equal(await resolved(secrets.values.vm100!), "mock-vm100");

  const children = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/pibx/secrets:GeneratedSecret");
  assert.deepEqual(
    children.map((r) => [r.name, r.inputs.kind, r.inputs.length]),
    [
      ["ext100", "password", 24],
      ["vm100", "pin", 6],
    ],
  );
  const urn = await resolved(secrets.urn);
  assert.match(urn, /pibx:secrets:LabSecrets::lab$/);
  assert.equal(parents.get("ext100"), secrets);
  assert.equal(parents.get("vm100"), secrets);
});

test("a config secret that is not set fails with the command that sets it", () => {
  assert.throws(
    () => new LabSecrets("lab2", { secrets: plans, config: configWith({}) }),
    (err: unknown) => pulumi.RunError.isInstance(err) && err.message === missingSecretsMessage(["trunk"]),
  );
  assert.match(missingSecretsMessage(["trunk"]), /pulumi config set --secret pibx:trunk <value>/);
});

// House rules of lab.schema.json itself: every object closed to unknown keys, every property
// described (the descriptions are the reference docs), every definition named.
import assert from "node:assert/strict";
import { test } from "node:test";
import schema from "./lab.schema.json" with { type: "json" };

type Node = Record<string, unknown>;

function objectsOf(node: unknown, path: string, out: [string, Node][]): [string, Node][] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) objectsOf(item, `${path}/${i}`, out);
  } else if (node !== null && typeof node === "object") {
    const n = node as Node;
    if (n.type === "object") out.push([path, n]);
    for (const [key, value] of Object.entries(n))
      if (key !== "default" && key !== "const" && key !== "enum") objectsOf(value, `${path}/${key}`, out);
  }
  return out;
}

test("every object rejects unknown keys or types its map values", () => {
  for (const [path, node] of objectsOf(schema, "#", [])) {
    const extra = node.additionalProperties;
    assert.ok(
      extra === false || (typeof extra === "object" && node.propertyNames !== undefined),
      `${path} is open to unknown keys`,
    );
  }
});

test("every property has a description", () => {
  for (const [path, node] of objectsOf(schema, "#", [])) {
    for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      assert.equal(typeof property.description, "string", `${path}/properties/${name} has no description`);
    }
  }
});

test("every definition has a title matching its name (the generated type's name)", () => {
  for (const [name, def] of Object.entries(schema.$defs as Record<string, Node>)) {
    assert.equal(def.title, name);
  }
});

test("every secret-holding property is a secret reference", () => {
  for (const [path, node] of objectsOf(schema, "#", [])) {
    for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      if (/^(password|pin|privateKey|enableSecret|\w*Password)$/.test(name)) {
        assert.equal(property.$ref, "#/$defs/SecretRef", `${path}/properties/${name} must be a SecretRef`);
      }
    }
  }
});

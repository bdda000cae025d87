import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { loadLab } from "../schemas/index.ts";
import { BASE_PACKAGES } from "./base-packages.ts";
import { RecipeError } from "./errors.ts";
import { imageRecipe, PRIVATE_SOURCES, recipeHash } from "./recipe.ts";
import { derivedIds, sha256Hex } from "./recipe-hash.ts";
import { testRecipe } from "./test-recipe.ts";

const bundle = { path: "/tmp/a.mjs", sha256: sha256Hex("a"), version: "0.1.0" };
const fixture = (name: string) =>
  fileURLToPath(new URL(`../schemas/fixtures/valid/${name}`, import.meta.url));

function lab(name: string) {
  const { lab, diagnostics } = loadLab(fixture(name));
  assert.ok(lab, JSON.stringify(diagnostics));
  return lab;
}

describe("imageRecipe(lab)", () => {
  it("takes the appliance's board, host name, admin, network, ports and DSCP from the lab", () => {
    const l = lab("minimal.yaml");
    const r = imageRecipe(l, bundle);
    assert.equal(r.board, l.appliance.board);
    assert.equal(r.hostname, l.appliance.hostname);
    assert.equal(r.timezone, l.site.timezone);
    assert.equal(r.admin.user, l.appliance.ssh.user);
    assert.deepEqual(r.admin.authorizedKeys, l.appliance.ssh.authorizedKeys);
    assert.equal(r.ports.rtpMin, l.appliance.rtp.min);
    assert.equal(r.ports.sipUdp, l.appliance.sip.udp.enabled ? l.appliance.sip.udp.port : undefined);
    assert.ok(r.dscp.rtp >= 0 && r.dscp.rtp <= 63);
    assert.equal(r.disk.sizeMiB, l.appliance.image.sizeGiB * 1024);
    for (const p of BASE_PACKAGES) assert.ok(r.packages.include.includes(p), p);
    if ("dhcp" in l.appliance.lan) assert.deepEqual(r.network, { mode: "dhcp" });
    else assert.equal(r.network.mode === "static" && r.network.address, l.appliance.lan.address);
  });

  it("reads a DHCP appliance as mode dhcp", () => {
    assert.deepEqual(imageRecipe(lab("dhcp-appliance.yaml"), bundle).network, { mode: "dhcp" });
  });

  it("opens the LAN services to private ranges plus the lab's allowlist", () => {
    const r = imageRecipe(lab("minimal.yaml"), bundle);
    for (const n of PRIVATE_SOURCES) assert.ok(r.lanSources.includes(n));
  });

  it("is deterministic, and the hash ignores only the bundle's path", () => {
    const l = lab("minimal.yaml");
    const a = imageRecipe(l, bundle);
    assert.deepEqual(imageRecipe(l, bundle), a);
    assert.equal(imageRecipe(l, { ...bundle, path: "/elsewhere.mjs" }).hash, a.hash);
    assert.notEqual(imageRecipe(l, { ...bundle, sha256: sha256Hex("b") }).hash, a.hash);
    assert.equal(recipeHash(a), a.hash);
  });
});

describe("recipe validation", () => {
  it("accepts the test recipe", () => {
    assert.match(testRecipe().hash, /^[0-9a-f]{64}$/);
  });
  const bad: [string, Parameters<typeof testRecipe>[0]][] = [
    ["hostname", (d) => ({ ...d, hostname: "Not_A_Host" })],
    ["admin.user", (d) => ({ ...d, admin: { ...d.admin, user: "root" } })],
    [
      "admin.authorizedKeys[0]",
      (d) => ({ ...d, admin: { ...d.admin, authorizedKeys: ["ssh-ed25519 AAAA\nroot"] } }),
    ],
    ["ports.rtpMin", (d) => ({ ...d, ports: { ...d.ports, rtpMin: 20000, rtpMax: 10000 } })],
    ["dscp.rtp", (d) => ({ ...d, dscp: { ...d.dscp, rtp: 64 } })],
    ["appliance.sha256", (d) => ({ ...d, appliance: { ...d.appliance, sha256: "abc" } })],
    ["disk.sizeMiB", (d) => ({ ...d, disk: { ...d.disk, sizeMiB: 512 } })],
    ["packages.include", (d) => ({ ...d, packages: { ...d.packages, include: ["ok", "Bad Name"] } })],
  ];
  for (const [path, change] of bad) {
    it(`rejects a bad ${path}`, () => {
      assert.throws(
        () => testRecipe(change),
        (e: unknown) => e instanceof RecipeError && e.path === path,
      );
    });
  }
});

describe("derived ids", () => {
  it("derives stable, well-formed, distinct ids from the recipe hash", () => {
    const ids = derivedIds(testRecipe().hash);
    assert.deepEqual(derivedIds(testRecipe().hash), ids);
    assert.match(ids.diskId, /^[0-9a-f]{8}$/);
    assert.match(ids.bootVolumeId, /^[0-9A-F]{8}$/);
    assert.match(ids.rootUuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(ids.rootUuid, ids.rootHashSeed);
    assert.notEqual(derivedIds(testRecipe((d) => ({ ...d, hostname: "other" })).hash).diskId, ids.diskId);
  });
});

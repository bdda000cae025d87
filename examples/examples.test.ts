// The examples are clean: no error, no warning.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic, loadLab } from "../schemas/index.ts";

for (const example of ["examples/home-lab/lab.yaml", "examples/virtual-lab/lab.yaml"]) {
  test(`${example} validates with no diagnostic`, () => {
    const { lab, diagnostics } = loadLab(new URL(`../${example}`, import.meta.url).pathname);
    assert.deepEqual(diagnostics.map(formatDiagnostic), []);
    assert.ok(lab !== undefined);
  });
}

test("the home lab mirrors the reference scenario", () => {
  const { lab } = loadLab(new URL("home-lab/lab.yaml", import.meta.url).pathname);
  assert.ok(lab !== undefined);
  const router = lab.network.labRouter!;
  assert.equal(router.kind, "cisco-ios");
  assert.equal(router.interfaces.inside.address, "172.16.0.1/24");
  assert.equal(lab.appliance.board, "pi4");
  const menu = lab.ivrMenus.find((m) => m.name === "main")!;
  assert.deepEqual(menu.options["13"]?.destination, { extension: "100" });
  assert.equal(menu.options["9"]?.hidden, true);
  assert.deepEqual(lab.trunks[0]!.dids[0]!.destination, { ivr: "main" });
  assert.equal(lab.blacklist.response, 608);
  assert.deepEqual(lab.emergency?.numbers.includes("911"), true);
});

test("the virtual lab uses the addresses of LAB.md", () => {
  const { lab } = loadLab(new URL("virtual-lab/lab.yaml", import.meta.url).pathname);
  assert.ok(lab !== undefined);
  assert.equal(lab.network.labRouter!.kind, "linux");
  assert.deepEqual(lab.network.labRouter!.interfaces.outside, { name: "eth0", address: "192.168.1.2/24" });
  assert.deepEqual(lab.network.homeRouter, {
    kind: "upnp",
    address: "192.168.1.1",
    outsideAddress: "203.0.113.2",
  });
  assert.equal(lab.trunks[0]!.host, "203.0.113.10");
  assert.equal(lab.trunks[0]!.dids[0]!.number, "15550123");
});

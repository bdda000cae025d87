import assert from "node:assert/strict";
import { test } from "node:test";
import { formatDiagnostic } from "../diagnostic.ts";
import { loadLabText } from "../load-lab.ts";
import { checkHomeForwards } from "./home-forwards.ts";
import { labForTests } from "./lab-for-tests.ts";

const found = (lab: ReturnType<typeof labForTests>) =>
  checkHomeForwards(lab).map((f) => [f.path.join("."), f.severity, f.message]);

test("a lab router whose outside address comes from DHCP is fine: pibx reads its lease", () => {
  const lab = labForTests();
  lab.network.homeRouter = { kind: "manual", address: "192.168.1.1" };
  assert.deepEqual(found(lab), []);
  lab.network.homeRouter = { kind: "upnp", address: "192.168.1.1" };
  assert.deepEqual(found(lab), []);
});

test("without a lab router, the appliance needs a static address", () => {
  const lab = labForTests();
  delete lab.network.labRouter;
  lab.network.homeRouter = { kind: "manual", address: "192.168.1.1" };
  assert.deepEqual(found(lab), []);
  lab.appliance.lan = { dhcp: true };
  assert.deepEqual(found(lab), [
    [
      "appliance.lan",
      "error",
      "the home router forwards the trunk's ports straight to the appliance: give it a static address (address, gateway, dns)",
    ],
  ]);
});

test("UPnP through a Cisco IOS lab router is refused at the line of the home router's kind", () => {
  const text = `
site: { name: Test, domain: pbx.test, timezone: UTC }
appliance:
  hostname: pibx
  lan: { address: 172.16.0.10/24, gateway: 172.16.0.1, dns: [172.16.0.1] }
  ssh: { user: pibx, authorizedKeys: ["ssh-ed25519 AAAAC3NzaTest test"] }
secrets:
  routerPassword: { from: config }
network:
  labRouter:
    kind: cisco-ios
    management: { address: 172.16.0.1, username: admin, password: { secret: routerPassword } }
    interfaces:
      inside: { name: FastEthernet0/1, address: 172.16.0.1/24 }
      outside: { name: FastEthernet0/0, dhcp: true }
  homeRouter:
    kind: upnp
    address: 192.168.1.1
`;
  const { diagnostics } = loadLabText(text, "lab.yaml");
  assert.deepEqual(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic), [
    "lab.yaml:17:11: network.homeRouter.kind: pibx requests UPnP mappings through the lab router's SSH, which Cisco IOS cannot relay: use `manual` (pibx prints the forwards to set)",
  ]);
});

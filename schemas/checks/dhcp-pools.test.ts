import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDhcpPools } from "./dhcp-pools.ts";
import { labForTests } from "./lab-for-tests.ts";

function pool(lab: ReturnType<typeof labForTests>) {
  return lab.network.labRouter!.dhcpPools[0]!;
}

test("a pool inside the lab network with the appliance excluded has no findings", () => {
  assert.deepEqual(checkDhcpPools(labForTests()), []);
});

test("a pool outside the inside network, and its default router outside the pool", () => {
  const lab = labForTests();
  pool(lab).network = "172.16.1.0/24";
  assert.deepEqual(
    checkDhcpPools(lab).map((f) => [f.path.join("."), f.message]),
    [
      [
        "network.labRouter.dhcpPools.0.network",
        "172.16.1.0/24 is not inside the router's inside network 172.16.0.0/24 (eth1)",
      ],
      [
        "network.labRouter.dhcpPools.0.defaultRouter",
        "172.16.0.1 is not in the pool's network 172.16.1.0/24",
      ],
      [
        "network.labRouter.dhcpPools.0.excluded.0",
        "172.16.0.1-172.16.0.99 is not in the pool's network 172.16.1.0/24",
      ],
    ],
  );
});

test("the appliance must be in the lab network and outside the dynamic range", () => {
  const lab = labForTests();
  pool(lab).excluded = ["172.16.0.1"];
  assert.deepEqual(
    checkDhcpPools(lab).map((f) => f.message),
    ['172.16.0.10 is in the dynamic range of DHCP pool "lab": add it to dhcpPools[0].excluded'],
  );
  pool(lab).excluded = ["172.16.0.1", "172.16.0.10"];
  assert.deepEqual(checkDhcpPools(lab), []);
  lab.appliance.lan = { address: "10.0.0.10/24", gateway: "10.0.0.1", dns: ["10.0.0.1"] };
  assert.deepEqual(
    checkDhcpPools(lab).map((f) => f.message),
    ["10.0.0.10 is not in the lab network 172.16.0.0/24 (eth1)"],
  );
});

test("the appliance's gateway should be the router; options need a static appliance to derive", () => {
  const lab = labForTests();
  lab.appliance.lan = { address: "172.16.0.10/24", gateway: "172.16.0.254", dns: ["172.16.0.1"] };
  assert.deepEqual(
    checkDhcpPools(lab).map((f) => [f.severity, f.message]),
    [["warning", "172.16.0.254 is not the lab router's inside address 172.16.0.1"]],
  );
  lab.appliance.lan = { dhcp: true };
  assert.deepEqual(
    checkDhcpPools(lab).map((f) => [f.path.join("."), f.severity]),
    [["network.labRouter.dhcpPools.0.options", "warning"]],
  );
  pool(lab).options = {
    tftpServers: ["172.16.0.10"],
    tftpServerName: "pibx",
    provisioningUrl: "http://pibx/prov/$MA.xml",
  };
  assert.deepEqual(checkDhcpPools(lab), []);
});

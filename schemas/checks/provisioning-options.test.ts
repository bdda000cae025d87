import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkProvisioningOptions, provisioningOptions } from "./provisioning-options.ts";

test("options are derived from a static appliance", () => {
  const lab = labForTests();
  const pool = lab.network.labRouter!.dhcpPools[0]!;
  assert.deepEqual(provisioningOptions(lab.appliance, pool), {
    tftpServers: ["172.16.0.10"],
    tftpServerName: "172.16.0.10",
    provisioningUrl: "http://172.16.0.10/prov/$PN/$MA.xml",
  });
  lab.appliance.provisioning.httpPort = 8081;
  assert.equal(
    provisioningOptions(lab.appliance, pool)?.provisioningUrl,
    "http://172.16.0.10:8081/prov/$PN/$MA.xml",
  );
  lab.appliance.lan = { dhcp: true };
  assert.equal(provisioningOptions(lab.appliance, pool), undefined);
  pool.options = { tftpServers: ["10.0.0.1"], tftpServerName: "x", provisioningUrl: "http://x/y" };
  assert.deepEqual(provisioningOptions(lab.appliance, pool), pool.options);
});

test("options written by hand that point at the appliance are fine", () => {
  const lab = labForTests();
  lab.network.labRouter!.dhcpPools[0]!.options = {
    tftpServers: ["172.16.0.10"],
    tftpServerName: "pibx",
    provisioningUrl: "http://172.16.0.10/prov/$PN/$MA.xml",
  };
  assert.deepEqual(checkProvisioningOptions(lab), []);
});

test("options written by hand that point elsewhere are warnings", () => {
  const lab = labForTests();
  lab.network.labRouter!.dhcpPools[0]!.options = {
    tftpServers: ["172.16.0.11"],
    tftpServerName: "172.16.0.11",
    provisioningUrl: "http://172.16.0.10:8080/files/$MA.xml",
  };
  assert.deepEqual(
    checkProvisioningOptions(lab).map((f) => [f.path.at(-1), f.severity, f.message]),
    [
      ["tftpServers", "warning", "option 150 does not list the appliance (172.16.0.10)"],
      ["tftpServerName", "warning", "option 66 does not name the appliance (172.16.0.10)"],
      [
        "provisioningUrl",
        "warning",
        "option 160 does not point at the appliance's provisioning server (http://172.16.0.10/prov/$PN/$MA.xml)",
      ],
    ],
  );
});

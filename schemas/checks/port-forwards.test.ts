import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkPortForwards } from "./port-forwards.ts";

test("derived forwards are not checked", () => {
  assert.deepEqual(checkPortForwards(labForTests()), []);
});

test("explicit forwards: reversed range, SIP ports not forwarded", () => {
  const lab = labForTests();
  lab.appliance.sip.tls = { enabled: true, port: 5061 };
  lab.network.portForwards = [
    { protocol: "udp", port: 5060 },
    { protocol: "udp", port: 10999, endPort: 10000 },
  ];
  assert.deepEqual(
    checkPortForwards(lab).map((f) => [f.path.join("."), f.severity, f.message]),
    [
      ["network.portForwards.1.endPort", "error", "must not be below port (10999)"],
      [
        "network.portForwards",
        "warning",
        "TCP port 5061 (SIP over TLS) is not forwarded: trunk calls and remote phones cannot reach the appliance",
      ],
    ],
  );
});

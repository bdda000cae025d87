import assert from "node:assert/strict";
import { test } from "node:test";
import { labForTests } from "./lab-for-tests.ts";
import { checkPorts } from "./ports.ts";

test("the defaults do not collide", () => {
  assert.deepEqual(checkPorts(labForTests()), []);
});

test("UDP and TCP may share a port; TCP and TLS may not", () => {
  const lab = labForTests();
  lab.appliance.sip.tcp = { enabled: true, port: 5060 };
  assert.deepEqual(checkPorts(lab), []);
  lab.appliance.sip.tls = { enabled: true, port: 5060 };
  assert.deepEqual(checkPorts(lab), [
    {
      path: ["appliance", "sip", "tls", "port"],
      message: "TCP port 5060 of SIP over TLS collides with SIP over TCP (appliance.sip.tcp.port)",
      severity: "error",
    },
  ]);
});

test("a SIP port inside the RTP range collides; a disabled transport does not", () => {
  const lab = labForTests();
  lab.appliance.sip.udp.port = 10010;
  assert.deepEqual(
    checkPorts(lab).map((f) => f.message),
    ["UDP port 10000–10999 of the RTP range collides with SIP over UDP (appliance.sip.udp.port)"],
  );
  lab.appliance.sip.udp.enabled = false;
  assert.deepEqual(checkPorts(lab), []);
});

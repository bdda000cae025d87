import assert from "node:assert/strict";
import { test } from "node:test";
import { checkDscp, dscpValue } from "./dscp.ts";
import { labForTests } from "./lab-for-tests.ts";

test("DSCP names and numbers", () => {
  assert.equal(dscpValue("EF"), 46);
  assert.equal(dscpValue("CS3"), 24);
  assert.equal(dscpValue("AF41"), 34);
  assert.equal(dscpValue("DF"), 0);
  assert.equal(dscpValue(46), 46);
});

test("the same mark by name or number is consistent", () => {
  const lab = labForTests();
  lab.network.labRouter!.qos = {
    style: "priority",
    media: { percent: 20, dscp: 46 },
    signalling: { percent: 5, dscp: "CS3" },
  };
  assert.deepEqual(checkDscp(lab), []);
});

test("a router re-marking RTP AF31 while phones send EF is a warning", () => {
  const lab = labForTests();
  lab.network.labRouter!.qos = { style: "set-dscp", media: { percent: 20, dscp: "AF31" } };
  assert.deepEqual(checkDscp(lab), [
    {
      path: ["network", "labRouter", "qos", "media", "dscp"],
      message: "RTP is re-marked AF31 by the router while the appliance and phones send EF",
      severity: "warning",
    },
  ]);
});

test("a priority class matching another mark, and a phone provisioned differently", () => {
  const lab = labForTests();
  lab.network.labRouter!.qos = {
    style: "priority",
    media: { percent: 20 },
    signalling: { percent: 5, dscp: "AF31" },
  };
  lab.devices.push({
    id: "desk",
    type: "desk",
    vendor: "yealink",
    model: "T46U",
    mac: "805ec0112233",
    dscp: { rtp: "AF41" },
  });
  assert.deepEqual(
    checkDscp(lab).map((f) => [f.path.join("."), f.message]),
    [
      ["devices.0.dscp.rtp", 'phone "desk" is provisioned to mark RTP AF41 while the appliance marks it EF'],
      [
        "network.labRouter.qos.signalling.dscp",
        "the router's signalling class matches AF31 while the appliance and phones mark SIP CS3: signalling would miss its queue",
      ],
    ],
  );
});

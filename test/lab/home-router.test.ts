// The home router: masquerade out of 203.0.113.2, nothing unsolicited gets in, and a UPnP IGD
// mapping requested from the home LAN (the lab router) lets the internet (pstn) reach a listener
// behind it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capture } from "./capture.ts";
import { IGD_URL } from "./home-router.ts";
import { exec } from "./lab.ts";
import { notRoot, withLab } from "./lab-fixture.ts";
import { addressOf, interfaceOf } from "./topology.ts";
import { listenUdp, sendUdp } from "./udp-probe.ts";

const publicAddress = addressOf("home-router", "wan");
const labRouter = addressOf("lab-router", "home-lan");
const igd = IGD_URL;
const upnpc = (...args: string[]) => exec("lab-router", ["upnpc", "-u", igd, ...args], { timeoutMs: 15_000 });

describe("the home router (NAT + UPnP IGD)", { skip: notRoot }, () => {
  withLab();

  it("masquerades the home LAN behind 203.0.113.2", async () => {
    const sniff = capture("pstn", interfaceOf("pstn"), "udp port 9999", {
      seconds: 10,
      maxPackets: 1,
      fields: ["ip.src", "udp.dstport"],
    });
    await sniff.ready;
    await sendUdp("lab-router", addressOf("pstn"), 9999, "hello from the home LAN");
    assert.deepEqual(await sniff.packets, [{ "ip.src": publicAddress, "udp.dstport": "9999" }]);
  });

  it("lets nothing unsolicited in from the internet", async () => {
    const listener = await listenUdp("lab-router", labRouter, 40001, 1500);
    await sendUdp("pstn", publicAddress, 40001, "unsolicited");
    assert.equal(await listener.received, undefined);
  });

  it("opens a port mapping requested over UPnP, lists it, and forwards to the listener behind it", async () => {
    const add = await upnpc("-e", "pibx-lab-test", "-a", labRouter, "40000", "40000", "UDP");
    assert.equal(add.code, 0, add.stdout + add.stderr);
    const list = await upnpc("-l");
    assert.match(list.stdout, /ExternalIPAddress = 203\.0\.113\.2/);
    assert.match(list.stdout, /UDP\s+40000->192\.168\.1\.2:40000\s+'pibx-lab-test'/);

    const listener = await listenUdp("lab-router", labRouter, 40000, 5000);
    await sendUdp("pstn", publicAddress, 40000, "through the mapping");
    const got = await listener.received;
    assert.equal(got?.payload, "through the mapping");
    assert.equal(got?.from, addressOf("pstn"));

    const del = await upnpc("-d", "40000", "UDP");
    assert.equal(del.code, 0);
    assert.doesNotMatch((await upnpc("-l")).stdout, /40000->/);
  });
});

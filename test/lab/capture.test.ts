// capture() sees what went over the wire: DSCP marks (set here by an nftables rule on the sender, as
// the appliance's or the router's QoS would), ports, and the packet-count bound.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capture } from "./capture.ts";
import { exec } from "./lab.ts";
import { notRoot, withLab } from "./lab-fixture.ts";
import { addressOf, interfaceOf } from "./topology.ts";
import { sendUdp } from "./udp-probe.ts";

describe("capture", { skip: notRoot }, () => {
  withLab();

  it("reports the DSCP mark and ports of each packet, and stops at maxPackets", async () => {
    const mark = await exec("pstn", ["nft", "-f", "-"], {
      input: `table ip pibx-capture-test {
  chain output {
    type route hook output priority mangle; policy accept;
    udp dport 9998 ip dscp set ef
  }
}
`,
    });
    assert.equal(mark.code, 0, mark.stderr);
    const sniff = capture("provider", interfaceOf("provider"), "udp and (port 9998 or port 9997)", {
      seconds: 10,
      maxPackets: 2,
    });
    await sniff.ready;
    await sendUdp("pstn", addressOf("provider"), 9998, "voice", 1);
    await sendUdp("pstn", addressOf("provider"), 9997, "data", 3);
    const packets = await sniff.packets;
    assert.equal(packets.length, 2);
    assert.equal(packets[0]?.["ip.dsfield.dscp"], "46");
    assert.equal(packets[0]?.["udp.dstport"], "9998");
    assert.equal(packets[0]?.["ip.src"], addressOf("pstn"));
    assert.equal(packets[1]?.["ip.dsfield.dscp"], "0");
    assert.equal(packets[1]?.["udp.dstport"], "9997");
  });
});

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseIpInterfaceBrief } from "./cisco-ios/ip-interface-brief.ts";
import { addressOn, waitForAddress } from "./outside-address.ts";

describe("show ip interface brief", () => {
  it("gives each interface's address, none while unassigned", () => {
    const out = [
      "show ip interface brief",
      "Interface                  IP-Address      OK? Method Status                Protocol",
      "FastEthernet0/0            192.168.1.57    YES DHCP   up                    up",
      "FastEthernet0/1            172.16.0.1      YES NVRAM  up                    up",
      "Serial0/0/0                unassigned      YES unset  administratively down down",
      "NVI0                       unassigned      NO  unset  up                    up",
    ].join("\n");
    assert.deepEqual(parseIpInterfaceBrief(out), [
      { name: "FastEthernet0/0", address: "192.168.1.57", method: "DHCP" },
      { name: "FastEthernet0/1", address: "172.16.0.1", method: "NVRAM" },
      { name: "Serial0/0/0", method: "unset" },
      { name: "NVI0", method: "unset" },
    ]);
  });
});

describe("the outside address", () => {
  it("is the interface's first global address", () => {
    const links = [
      { name: "eth1", inet: [{ address: "172.16.0.1" }] },
      { name: "eth0", inet: [{ address: "192.168.1.57" }, { address: "192.168.1.99" }] },
    ];
    assert.equal(addressOn(links, "eth0"), "192.168.1.57");
    assert.equal(addressOn(links, "eth2"), undefined);
    assert.equal(addressOn([{ name: "eth0", inet: [] }], "eth0"), undefined);
  });

  it("is waited for until the lease comes, within the bound", async () => {
    let t = 0;
    const answers = [undefined, undefined, "192.168.1.57"];
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
    const got = await waitForAddress(async () => answers.shift(), {
      timeoutMs: 10_000,
      intervalMs: 2000,
      ...clock,
    });
    assert.equal(got, "192.168.1.57");
    assert.equal(t, 4000);
  });

  it("gives up at the bound without an address", async () => {
    let t = 0;
    let reads = 0;
    const clock = {
      now: () => t,
      sleep: async (ms: number) => {
        t += ms;
      },
    };
    const got = await waitForAddress(
      async () => {
        reads++;
        return undefined;
      },
      { timeoutMs: 5000, intervalMs: 2000, ...clock },
    );
    assert.equal(got, undefined);
    assert.equal(reads, 4); // at 0, 2, 4 and 6 s: the last read is past the bound
    assert.equal(
      await waitForAddress(async () => undefined, { timeoutMs: 0, intervalMs: 0, ...clock }),
      undefined,
    );
  });
});

// The simulator's own fidelity: if it accepted what IOS refuses, pibx's tests would prove nothing.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import ssh2 from "ssh2";
import { iosErrorIn } from "../../infra/router/cisco-ios/ios-output.ts";
import { IosShell } from "../../infra/router/cisco-ios/ios-shell.ts";
import { LEGACY_IOS_ALGORITHMS } from "../../infra/router/cisco-ios/ssh-algorithms.ts";
import type { IosSim } from "./ios-sim-server.ts";
import { RawSession } from "./raw-session.ts";
import { ENABLE_SECRET, startSim, targetOf, USER } from "./sim-fixture.ts";

describe("IOS simulator", () => {
  let sim: IosSim;
  before(async () => {
    sim = await startSim();
  });
  after(() => sim.close());

  it("offers only an 1841's algorithms, which pibx's cisco-ios client negotiates", async () => {
    const shell = await IosShell.open(targetOf(sim));
    try {
      assert.ok((LEGACY_IOS_ALGORITHMS.kex as readonly string[]).includes(shell.negotiated.kex));
      assert.equal(shell.negotiated.serverHostKey, "ssh-rsa");
      assert.ok(["aes128-cbc", "3des-cbc"].includes(shell.negotiated.cipher));
      assert.equal(shell.negotiated.mac, "hmac-sha1");
    } finally {
      shell.close();
    }
  });

  it("is refused by a client left on ssh2's modern defaults (pibx weakens them only for cisco-ios)", async () => {
    const client = new ssh2.Client();
    const error = await new Promise<Error>((resolve) => {
      client.once("error", resolve);
      client.once("ready", () => resolve(new Error("connected")));
      client.connect({ host: sim.host, port: sim.port, username: USER.username, password: USER.password });
    });
    client.end();
    assert.match(error.message, /no matching/i);
  });

  it("walks the modes with IOS's prompts, `enable` asking for the secret", async () => {
    const s = await RawSession.open(sim, USER.username, USER.password);
    try {
      await s.waitFor(/lab-router>$/);
      s.send("enable\r");
      await s.waitFor(/Password: $/);
      s.send(`${ENABLE_SECRET}\r`);
      await s.waitFor(/\nlab-router#$/);
      const steps: [string, string][] = [
        ["conf t", "(config)#"],
        ["int fa0/1", "(config-if)#"],
        ["ip dhcp pool SIMTEST", "(dhcp-config)#"],
        ["class-map match-any SIMTEST", "(config-cmap)#"],
        ["policy-map SIMTEST", "(config-pmap)#"],
        ["class SIMTEST", "(config-pmap-c)#"],
        ["exit", "(config-pmap)#"],
        ["ip access-list standard SIMTEST", "(config-std-nacl)#"],
        ["ip access-list extended SIMTEST2", "(config-ext-nacl)#"],
        ["line vty 0 4", "(config-line)#"],
        ["exit", "(config)#"],
        ["no ip dhcp pool SIMTEST", "(config)#"],
        ["no policy-map SIMTEST", "(config)#"],
        ["no class-map match-any SIMTEST", "(config)#"],
        ["no ip access-list standard SIMTEST", "(config)#"],
        ["no ip access-list extended SIMTEST2", "(config)#"],
        ["end", "#"],
      ];
      for (const [line, prompt] of steps) {
        s.send(`${line}\r`);
        const out = await s.waitFor(/lab-router[^\n]*[#>]$/);
        assert.ok(out.endsWith(`lab-router${prompt}`), `${line} → ${JSON.stringify(out)}`);
      }
      assert.doesNotMatch(sim.showRunning(), /SIMTEST/);
    } finally {
      s.close();
    }
  });

  it("refuses a wrong enable secret three times, then says % Bad secrets", async () => {
    const s = await RawSession.open(sim, USER.username, USER.password);
    try {
      await s.waitFor(/>$/);
      s.send("enable\r");
      for (let i = 0; i < 3; i++) {
        await s.waitFor(/Password: $/);
        s.send("wrong\r");
      }
      assert.match(await s.waitFor(/>$/), /% Bad secrets/);
    } finally {
      s.close();
    }
  });

  it("answers mistakes like IOS: caret under the bad word, incomplete, ambiguous, unknown", async () => {
    const shell = await IosShell.open(targetOf(sim));
    try {
      await shell.exec("configure terminal");
      const invalid = await shell.exec("ip adress 10.0.0.1 255.0.0.0");
      const [echo, caret, message] = invalid.split("\n");
      assert.equal(echo, "ip adress 10.0.0.1 255.0.0.0");
      assert.equal(caret, `${" ".repeat("lab-router(config)#ip ".length)}^`);
      assert.equal(message, "% Invalid input detected at '^' marker.");
      assert.match(await shell.exec("ip nat inside source list X interface"), /^% Incomplete command\.$/m);
      assert.match(await shell.exec("i"), /^% Ambiguous command: {2}"i"$/m);
      // A value out of range is invalid input at that value.
      const range = await shell.exec(
        "ip nat inside source static udp 172.16.0.10 70000 interface Fa0/0 5060",
      );
      assert.equal(
        range.split("\n")[1]!.indexOf("^"),
        "lab-router(config)#ip nat inside source static udp 172.16.0.10 ".length,
      );
      // Two static entries cannot hold one outside port.
      assert.equal(
        await shell
          .exec("ip nat inside source static udp 172.16.0.10 5060 interface Fa0/0 5060")
          .then(iosErrorIn),
        undefined,
      );
      assert.match(
        await shell.exec("ip nat inside source static udp 172.16.0.50 5060 interface Fa0/0 5060"),
        /% similar static entry \(172\.16\.0\.10:5060 -> FastEthernet0\/0:5060\) already exists/,
      );
      await shell.exec("no ip nat inside source static udp 172.16.0.10 5060 interface Fa0/0 5060");
      // Only the 1841's own interfaces exist.
      assert.match(await shell.exec("interface FastEthernet0/2"), /% Invalid input detected/);
      await shell.exec("end");
      assert.match(await shell.exec("shw run"), /% Unknown command or computer name/);
    } finally {
      shell.close();
    }
  });

  it("pages long output with --More-- until `terminal length 0`", async () => {
    const s = await RawSession.open(sim, "admin", "admin-pw");
    try {
      await s.waitFor(/#$/);
      s.send("show running-config\r");
      const first = await s.waitFor(/ --More-- $/);
      const page = first.split("\r\n").slice(1); // after the echo of the command
      assert.equal(page.length, 24, "23 lines and the pager on a 24-line terminal");
      assert.equal(page[23], " --More-- ");
      s.send("q");
      await s.waitFor(/#$/);
      s.send("terminal length 0\r");
      await s.waitFor(/#$/);
      s.send("show running-config\r");
      const all = await s.waitFor(/\r\nend\r\n[^\n]*#$/);
      assert.doesNotMatch(all, /--More--/);
    } finally {
      s.close();
    }
  });

  it("expands abbreviations and shows IOS's canonical running-config", async () => {
    const shell = await IosShell.open(targetOf(sim));
    try {
      for (const line of [
        "conf t",
        "int fa0/0",
        "ip add 192.0.2.2 255.255.255.0",
        "no shut",
        "ip dhcp pool SIMFORM",
        "netw 192.0.2.0 255.255.255.0",
        "lease 1",
        "class-map SIMFORM",
        "match dscp 46",
        "end",
      ]) {
        assert.equal(await shell.exec(line).then((o) => o.includes("%")), false, line);
      }
      const run = sim.showRunning();
      assert.match(run, /\ninterface FastEthernet0\/0\n ip address 192\.0\.2\.2 255\.255\.255\.0\n/);
      assert.doesNotMatch(run, /interface FastEthernet0\/0\n[^!]* shutdown/);
      // `lease 1` is the default, so not shown; a bare class-map is match-all; DSCP 46 is `ef`.
      assert.match(run, /\nip dhcp pool SIMFORM\n {3}network 192\.0\.2\.0 255\.255\.255\.0\n!/);
      assert.match(run, /\nclass-map match-all SIMFORM\n match dscp ef \n/);
      for (const line of [
        "conf t",
        "no ip dhcp pool SIMFORM",
        "no class-map SIMFORM",
        "interface Fa0/0",
        "no ip address",
        "shutdown",
        "end",
      ]) {
        await shell.exec(line);
      }
      assert.match(sim.showRunning(), /\ninterface FastEthernet0\/0\n no ip address\n shutdown\n/);
    } finally {
      shell.close();
    }
  });

  it("takes a typed `?` as a help request, and Ctrl-V `?` as the character", async () => {
    const s = await RawSession.open(sim, "admin", "admin-pw");
    try {
      await s.waitFor(/#$/);
      s.send("conf t\rip dhcp pool SIMQ\r");
      await s.waitFor(/\(dhcp-config\)#$/);
      s.send('option 160 ascii "http://x/a?b"\r');
      await s.waitFor(/LINE[\s\S]*\(dhcp-config\)#$/);
      s.send('option 161 ascii "http://x/a\x16?b"\rend\r');
      await s.waitFor(/lab-router#$/);
      const run = sim.showRunning();
      assert.match(run, /option 160 ascii "http:\/\/x\/ab"/);
      assert.match(run, /option 161 ascii "http:\/\/x\/a\?b"/);
      s.send("conf t\rno ip dhcp pool SIMQ\rend\r");
      await s.waitFor(/lab-router#$/);
    } finally {
      s.close();
    }
  });

  it("saves with `write memory`", async () => {
    const s = await RawSession.open(sim, "admin", "admin-pw");
    try {
      await s.waitFor(/#$/);
      const writes = sim.writes;
      s.send("write memory\r");
      assert.match(await s.waitFor(/#$/), /Building configuration\.\.\.\r\n\[OK\]\r\n/);
      assert.equal(sim.writes, writes + 1);
    } finally {
      s.close();
    }
  });
});

// The lab LAN: the lab router and the pi as SSH-managed Linux boxes, the desk phone's DHCP client
// and baresip, and the pi's process mode for the appliance.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Client } from "ssh2";
import { startAppliance } from "./appliance.ts";
import { dominantFrequency } from "./audio.ts";
import { readDhcpLease, waitForDhcpLease } from "./dhcp-client.ts";
import { exec } from "./lab.ts";
import { notRoot, withLab } from "./lab-fixture.ts";
import { startDhcpServer } from "./lab-router.ts";
import { Phone, startDeskPhone, startPhone } from "./phone.ts";
import { run } from "./shell.ts";
import { sleep } from "./sleep.ts";
import { sshArgv, sshKeyPaths } from "./sshd.ts";
import { openTcpStream, proxyCommand } from "./tcp-bridge.ts";
import { addressOf, interfaceOf } from "./topology.ts";
import { waitForPort } from "./wait-for-port.ts";

describe("the lab LAN (lab router, pi, desk phone)", { skip: notRoot }, () => {
  const lab = withLab();

  it("lab router and pi run sshd with the lab's key; the router forwards but is otherwise unconfigured", async () => {
    const { runDir } = lab().settings;
    const onRouter = await exec(
      "pi",
      sshArgv(runDir, addressOf("lab-router", "lab-lan"), [
        "sysctl -n net.ipv4.ip_forward; nft list ruleset | wc -l; command -v dnsmasq nft tc | wc -l",
      ]),
    );
    assert.equal(onRouter.code, 0, onRouter.stderr);
    assert.deepEqual(onRouter.stdout.trim().split("\n"), ["1", "0", "3"]);
    const onPi = await exec("lab-router", sshArgv(runDir, addressOf("pi"), ["hostname -I; command -v node"]));
    assert.equal(onPi.code, 0, onPi.stderr);
    assert.match(onPi.stdout, /172\.16\.0\.10/);
    assert.match(onPi.stdout, /node/);
    const wrongKey = await exec("pi", [
      ...sshArgv(runDir, addressOf("lab-router", "lab-lan"), ["true"]).slice(0, 1),
      "-i",
      "/dev/null",
      ...sshArgv(runDir, addressOf("lab-router", "lab-lan"), ["true"]).slice(3),
    ]);
    assert.notEqual(wrongKey.code, 0, "sshd let in a client without the lab key");
  });

  it("pibx (on the host) reaches the lab router's sshd through a bridge: ssh2 and OpenSSH", async () => {
    const { runDir } = lab().settings;
    const keys = sshKeyPaths(runDir);
    const router = addressOf("lab-router", "home-lan");
    // From the home LAN, where the operator's machine would sit.
    const sock = openTcpStream("home-router", router, 22);
    const client = new Client();
    try {
      const output = await new Promise<string>((resolve, reject) => {
        client
          .on("ready", () => {
            client.exec("sysctl -n net.ipv4.ip_forward", (err, channel) => {
              if (err) return reject(err);
              let out = "";
              channel.on("data", (d: Buffer) => {
                out += d.toString();
              });
              channel.on("close", () => resolve(out));
            });
          })
          .on("error", reject)
          .connect({
            sock,
            username: "root",
            privateKey: readFileSync(keys.privateKey),
            readyTimeout: 10_000,
            // Only the host key this lab run generated for the lab router.
            hostVerifier: (key: Buffer) =>
              readFileSync(join(runDir, "lab-router", "ssh_host_ed25519_key.pub"), "utf8").includes(
                key.toString("base64"),
              ),
          });
      });
      assert.equal(output.trim(), "1");
    } finally {
      client.end();
      sock.close();
    }
    const openssh = await run([
      "ssh",
      "-i",
      keys.privateKey,
      "-o",
      `UserKnownHostsFile=${keys.knownHosts}`,
      "-o",
      "BatchMode=yes",
      "-o",
      `ProxyCommand=${proxyCommand("home-router")}`,
      `root@${router}`,
      "hostname -I",
    ]);
    assert.equal(openssh.code, 0, openssh.stderr);
    assert.match(openssh.stdout, /192\.168\.1\.2/);
  });

  it("the desk phone gets no lease without a DHCP server, then one with options 66, 150 and 160", async () => {
    await sleep(2000);
    assert.equal(readDhcpLease(), undefined);
    await startDhcpServer();
    const lease = await waitForDhcpLease(20_000);
    assert.ok(lease, "no lease within 20 s");
    assert.match(lease.address, /^172\.16\.0\.1\d\d$/);
    assert.equal(lease.router, "172.16.0.1");
    assert.equal(lease.tftpServerName, "172.16.0.10");
    assert.deepEqual(lease.ciscoTftp, ["172.16.0.10"]);
    assert.equal(lease.provisioningUrl, "http://172.16.0.10/provisioning/$MA.xml");
    const addr = await exec("desk-phone", [
      "ip",
      "-4",
      "-o",
      "addr",
      "show",
      "dev",
      interfaceOf("desk-phone"),
    ]);
    assert.match(addr.stdout, new RegExp(`inet ${lease.address.replaceAll(".", "\\.")}/24`));
  });

  it("the desk phone's baresip starts on its leased address and calls a phone on the pi", async () => {
    const { settings } = lab();
    const lease = readDhcpLease();
    assert.ok(lease, "needs the lease of the previous test");
    await startDeskPhone({ account: { username: "1001", password: "unused" } });
    await startPhone(settings.runDir, {
      box: "pi",
      account: { username: "2000", password: "unused" },
      audio: settings.lteAudio!,
    });
    const desk = await Phone.connect("desk-phone");
    const pi = await Phone.connect("pi");
    try {
      const mark = pi.mark();
      const deskMark = desk.mark();
      await desk.dial(`sip:2000@${addressOf("pi")}`);
      await pi.waitFor("CALL_ESTABLISHED", 10_000, mark);
      await desk.waitFor("CALL_ESTABLISHED", 10_000, deskMark);
      await sleep(2000);
      await desk.hangup();
      await pi.waitFor("CALL_CLOSED", 10_000, mark);
      await sleep(300);
      const heard = dominantFrequency(pi.lastHeard(), { skipSeconds: 0.5 });
      assert.ok(heard !== undefined && Math.abs(heard - 1000) <= 15, `pi heard ${heard} Hz`);
    } finally {
      await desk.hangup().catch(() => {});
      desk.close();
      pi.close();
    }
  });

  it("runs a bundled appliance as a process in the pi's namespace, with logs, and stops it", async () => {
    const { runDir } = lab().settings;
    const bundle = join(runDir, "fake-appliance.js");
    writeFileSync(
      bundle,
      `const cfg = require("node:fs").readFileSync(process.argv[process.argv.indexOf("--config") + 1], "utf8");
const s = require("node:dgram").createSocket("udp4");
s.bind(5062, "${addressOf("pi")}", () => console.log("appliance up with " + JSON.parse(cfg).name));
process.on("SIGTERM", () => { console.log("appliance stopping"); s.close(() => process.exit(0)); });`,
    );
    const appliance = startAppliance({ bundle, config: { name: "lab-test" } });
    try {
      assert.equal(await waitForPort("pi", "udp", 5062, 10_000, appliance.running), true, appliance.logs());
      assert.match(appliance.logs(), /appliance up with lab-test/);
    } finally {
      await appliance.stop();
    }
    assert.equal(appliance.running(), false);
    assert.match(appliance.logs(), /appliance stopping/);
  });
});

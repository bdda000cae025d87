// A real sshd inside a test namespace, on its loopback: host key and client key generated per test,
// root logs in with that key only. The client reaches it through a relay process started in the
// namespace (the host has no route into test namespaces).
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sshFingerprint } from "../../infra/router/linux/ssh-runner.ts";
import { inNs, must, run } from "./netns.ts";

export interface TestSshd {
  privateKey: string;
  hostKeySha256: string;
  /** argv of a relay to the sshd, for `proxyArgv`. */
  proxyArgv: string[];
  stop(): Promise<void>;
}

const RELAY = `const s=require("net").connect(Number(process.argv[2]),process.argv[1]);
s.on("error",()=>process.exit(2));s.on("close",()=>process.exit(0));s.pipe(process.stdout);process.stdin.pipe(s);`;

export const relayArgv = (ns: string, host: string, port: number): string[] =>
  inNs(ns, [process.execPath, "-e", RELAY, host, String(port)]);

export async function startTestSshd(ns: string, dir: string, port = 22): Promise<TestSshd> {
  const hostKey = join(dir, "ssh_host_ed25519_key");
  const clientKey = join(dir, "id_ed25519");
  await must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
  await must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey]);
  const authorized = join(dir, "authorized_keys");
  writeFileSync(authorized, readFileSync(`${clientKey}.pub`), { mode: 0o600 });
  const config = join(dir, "sshd_config");
  writeFileSync(
    config,
    [
      `ListenAddress 127.0.0.1:${port}`,
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, "sshd.pid")}`,
      `AuthorizedKeysFile ${authorized}`,
      "PermitRootLogin prohibit-password",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      "",
    ].join("\n"),
  );
  await must(["mkdir", "-p", "/run/sshd"]);
  const child: ChildProcess = spawn("ip", ["netns", "exec", ns, "/usr/sbin/sshd", "-D", "-e", "-f", config], {
    stdio: "ignore",
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill();
      await new Promise((r) => child.once("exit", r));
    }
  };
  // Bounded wait for the listener.
  for (let i = 0; i < 50; i++) {
    const r = await run(inNs(ns, ["ss", "-Htln", `sport = :${port}`]));
    if (r.stdout.includes(`:${port}`)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const pub = readFileSync(`${hostKey}.pub`, "utf8").split(" ")[1]!;
  return {
    privateKey: readFileSync(clientKey, "utf8"),
    hostKeySha256: sshFingerprint(Buffer.from(pub, "base64")),
    proxyArgv: relayArgv(ns, "127.0.0.1", port),
    stop,
  };
}

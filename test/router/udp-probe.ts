// One-shot UDP listeners and senders inside test namespaces (short-lived node processes, bounded).
import { spawn } from "node:child_process";
import { inNs, must } from "./netns.ts";

export interface Received {
  from: string;
  fromPort: number;
  payload: string;
}

const LISTENER = `const [addr, port, ms] = process.argv.slice(1);
const s = require("dgram").createSocket("udp4");
setTimeout(() => process.exit(3), Number(ms));
s.on("message", (m, r) => { console.log(JSON.stringify({ from: r.address, fromPort: r.port, payload: m.toString() })); process.exit(0); });
s.bind(Number(port), addr, () => console.log("ready"));`;

const SENDER = `const [addr, port, payload, count, sport] = process.argv.slice(1);
const s = require("dgram").createSocket("udp4");
let n = Number(count);
const next = () => n-- > 0 ? s.send(payload, Number(port), addr, () => setTimeout(next, 100)) : s.close();
s.bind(Number(sport), next);`;

/** Listens on address:port in `ns`; resolves once bound, with the first datagram (or undefined). */
export async function listenUdp(ns: string, address: string, port: number, timeoutMs: number) {
  const argv = inNs(ns, [process.execPath, "-e", LISTENER, address, String(port), String(timeoutMs)]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  const bound = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.startsWith("ready\n")) resolve();
    });
    child.on("close", () => reject(new Error(`UDP listener ${ns} ${address}:${port} ended`)));
  });
  const received = new Promise<Received | undefined>((resolve) => {
    child.on("close", (code) => {
      const line = out.split("\n")[1];
      resolve(code === 0 && line ? (JSON.parse(line) as Received) : undefined);
    });
  });
  await bound;
  return { received };
}

/** Sends `count` datagrams 100 ms apart from `sourcePort` (0: any) in `ns`. */
export async function sendUdp(
  ns: string,
  address: string,
  port: number,
  payload: string,
  count = 3,
  sourcePort = 0,
) {
  await must(
    inNs(ns, [
      process.execPath,
      "-e",
      SENDER,
      address,
      String(port),
      payload,
      String(count),
      String(sourcePort),
    ]),
  );
}

/** DSCP values of the UDP packets to `port` seen on `device` in `ns` (tshark, bounded by count and time). */
export async function captureDscp(
  ns: string,
  device: string,
  filter: string,
  during: () => Promise<void>,
  seconds = 8,
): Promise<number[]> {
  const argv = inNs(ns, [
    "tshark",
    ...["-i", device, "-f", filter, "-c", "3", "-a", `duration:${seconds}`],
    ...["-T", "fields", "-e", "ip.dsfield.dscp", "-l"],
  ]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    out += d;
  });
  const done = new Promise<void>((r) => child.on("close", () => r()));
  // tshark says "Capturing on …" once the capture is running.
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, 5000);
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      err += d;
      if (err.includes("Capturing on")) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  await during();
  await done;
  return out
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map(Number);
}

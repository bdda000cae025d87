// UDP reachability probes between boxes: a one-shot listener and a sender, each a short-lived Node
// process inside a box's namespace (bounded by a timeout).
import { spawn } from "node:child_process";
import { LabError } from "./lab-error.ts";
import { inNetns, must } from "./shell.ts";
import { type BoxName, netnsOf } from "./topology.ts";

export interface Datagram {
  readonly from: string;
  readonly fromPort: number;
  readonly payload: string;
}

export interface UdpListener {
  /** The first datagram received, or undefined when the listener timed out. */
  readonly received: Promise<Datagram | undefined>;
}

const LISTENER = `const [addr, port, ms] = process.argv.slice(1);
const s = require("dgram").createSocket("udp4");
setTimeout(() => process.exit(3), Number(ms));
s.on("message", (m, r) => { console.log(JSON.stringify({ from: r.address, fromPort: r.port, payload: m.toString() })); process.exit(0); });
s.bind(Number(port), addr, () => console.log("ready"));`;

const SENDER = `const [addr, port, payload, count] = process.argv.slice(1);
const s = require("dgram").createSocket("udp4");
let n = Number(count);
const next = () => n-- > 0 ? s.send(payload, Number(port), addr, () => setTimeout(next, 100)) : s.close();
next();`;

/** Listens on address:port inside `box`; resolves once bound. */
export async function listenUdp(
  box: BoxName,
  address: string,
  port: number,
  timeoutMs: number,
): Promise<UdpListener> {
  const argv = inNetns(netnsOf(box), [
    process.execPath,
    "-e",
    LISTENER,
    address,
    String(port),
    String(timeoutMs),
  ]);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
  });
  const bound = new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      if (out.startsWith("ready\n")) resolve();
    });
    child.on("close", () => reject(new LabError(`UDP listener on ${box} ${address}:${port} failed`, stderr)));
  });
  const received = new Promise<Datagram | undefined>((resolve) => {
    child.on("close", (code) => {
      const line = out.split("\n")[1];
      resolve(code === 0 && line ? (JSON.parse(line) as Datagram) : undefined);
    });
  });
  await bound;
  return { received };
}

/** Sends `count` datagrams (100 ms apart) from `box` to address:port. */
export async function sendUdp(
  box: BoxName,
  address: string,
  port: number,
  payload: string,
  count = 3,
): Promise<void> {
  await must(
    inNetns(netnsOf(box), [process.execPath, "-e", SENDER, address, String(port), payload, String(count)]),
    {
      timeoutMs: 10_000,
    },
  );
}

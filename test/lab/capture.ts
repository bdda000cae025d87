// Packet captures inside a box with tshark: bounded in time and packet count, returning the chosen
// fields per packet (DSCP marks, ports, SIP methods…).
import { spawn } from "node:child_process";
import { LabError } from "./lab-error.ts";
import { inNetns } from "./shell.ts";
import { type BoxName, netnsOf } from "./topology.ts";

export const DEFAULT_FIELDS = [
  "frame.time_relative",
  "ip.src",
  "ip.dst",
  "ip.proto",
  "ip.dsfield.dscp",
  "udp.srcport",
  "udp.dstport",
  "tcp.srcport",
  "tcp.dstport",
  "sip.Method",
  "sip.Status-Code",
  "rtp.p_type",
] as const;

export interface CaptureOptions {
  /** Stop after this many seconds (required bound). */
  readonly seconds: number;
  /** Stop after this many packets. */
  readonly maxPackets?: number;
  readonly fields?: readonly string[];
  /** Also dissect this UDP port range as RTP ("10000-20000"); tshark cannot know it is RTP otherwise. */
  readonly rtpPorts?: string;
}

export type Packet = Readonly<Record<string, string>>;

export interface Capture {
  /** Resolves once tshark captures (start traffic after this). */
  readonly ready: Promise<void>;
  /** Resolves with every packet when the capture stops. */
  readonly packets: Promise<Packet[]>;
  stop(): void;
}

export function parseFields(stdout: string, fields: readonly string[]): Packet[] {
  return stdout
    .split("\n")
    .filter((l) => l.length > 0)
    .map((line) => {
      const values = line.split("\t");
      return Object.fromEntries(fields.map((f, i) => [f, values[i] ?? ""]));
    });
}

export function capture(box: BoxName, iface: string, filter: string, o: CaptureOptions): Capture {
  const fields = o.fields ?? DEFAULT_FIELDS;
  const args = ["tshark", "-n", "-l", "-i", iface, "-a", `duration:${o.seconds}`, "-T", "fields"];
  if (filter) args.push("-f", filter);
  if (o.maxPackets !== undefined) args.push("-c", String(o.maxPackets));
  if (o.rtpPorts) args.push("-d", `udp.port==${o.rtpPorts},rtp`);
  for (const f of fields) args.push("-e", f);
  args.push("-E", "separator=/t", "-E", "occurrence=f");
  const argv = inNetns(netnsOf(box), args);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    // dumpcap reports "Capture started" once packets are really being captured; older versions only
    // say "Capturing on", a moment earlier.
    if (stderr.includes("Capture started")) markReady();
    else if (stderr.includes("Capturing on")) setTimeout(markReady, 1000);
  });
  // Belt and braces: tshark's own duration limit plus a hard kill.
  const killer = setTimeout(() => child.kill("SIGKILL"), (o.seconds + 10) * 1000);
  const packets = new Promise<Packet[]>((resolve, reject) => {
    child.on("error", (e) => reject(new LabError("cannot run tshark", e.message)));
    child.on("close", (code) => {
      clearTimeout(killer);
      markReady();
      if (code !== 0 && code !== null && stdout === "")
        reject(new LabError(`tshark failed (${code})`, stderr));
      else resolve(parseFields(stdout, fields));
    });
  });
  return { ready, packets, stop: () => child.kill("SIGINT") };
}

// Test peers for the TFTP server: the Debian tftp-hpa client (RFC 1350, no options) run as a
// child process, and a small client that negotiates options (RFC 2347/2348/2349) the way
// Grandstream and Cisco phones do.
import { spawn } from "node:child_process";
import { createSocket } from "node:dgram";
import { Opcode, parseTftp } from "../../appliance/provisioning/tftp-packets.ts";

export interface TftpHpaResult {
  readonly code: number | null;
  readonly output: string;
}

/** `tftp -m <mode> 127.0.0.1 <port> -c <command…>`, asynchronously (the server shares our loop). */
export function tftpHpa(port: number, mode: "octet" | "netascii", command: string[]): Promise<TftpHpaResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("tftp", ["-m", mode, "127.0.0.1", String(port), "-c", ...command], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

export interface OptionTransfer {
  readonly oack: ReadonlyMap<string, string> | undefined;
  readonly data: Buffer;
  readonly blocks: number;
  readonly error?: { code: number; message: string };
}

/** Reads one file with options; resolves with the OACK seen and the bytes received. */
export function tftpGetWithOptions(
  port: number,
  filename: string,
  options: ReadonlyArray<readonly [string, string]>,
): Promise<OptionTransfer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    const chunks: Buffer[] = [];
    let oack: ReadonlyMap<string, string> | undefined;
    let blockSize = 512;
    let blocks = 0;
    const finish = (result: OptionTransfer) => {
      clearTimeout(timer);
      socket.close();
      resolve(result);
    };
    let pendingFinish: OptionTransfer | undefined;
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error("TFTP transfer timed out"));
    }, 10_000);
    // The last ACK must leave before the socket closes, or the server retransmits until timeout.
    const ack = (block: number, to: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt16BE(Opcode.ACK, 0);
      b.writeUInt16BE(block, 2);
      socket.send(b, to, "127.0.0.1", () => {
        if (pendingFinish) finish(pendingFinish);
      });
    };
    socket.on("message", (msg, rinfo) => {
      const p = parseTftp(msg);
      if (p.op === "OACK") {
        oack = p.options;
        blockSize = Number(p.options.get("blksize") ?? 512);
        ack(0, rinfo.port);
      } else if (p.op === "DATA") {
        if (p.block === blocks + 1) {
          chunks.push(p.data);
          blocks++;
        }
        if (p.data.length < blockSize) pendingFinish = { oack, data: Buffer.concat(chunks), blocks };
        ack(p.block, rinfo.port);
      } else if (p.op === "ERROR") {
        finish({ oack, data: Buffer.concat(chunks), blocks, error: { code: p.code, message: p.message } });
      }
    });
    const parts = [filename, "octet", ...options.flat()].map((s) => Buffer.from(`${s}\0`, "latin1"));
    const rrq = Buffer.concat([Buffer.from([0, Opcode.RRQ]), ...parts]);
    socket.send(rrq, port, "127.0.0.1");
  });
}

// TCP connections into the lab from the host. The host has no route into the namespaces (on
// purpose), so a connection is made by a tiny Node process started inside a box with
// `ip netns exec`, relaying its stdio to host:port. Used for baresip's ctrl_tcp, and for SSH from
// the operator's side (ssh2's `sock` option, or OpenSSH's ProxyCommand).
import { spawn } from "node:child_process";
import { Duplex } from "node:stream";
import { inNetns } from "./shell.ts";
import { type BoxName, netnsOf } from "./topology.ts";

// No single quotes inside: proxyCommand() wraps it in them for the shell.
const BRIDGE = `const s=require("net").connect(Number(process.argv[2]),process.argv[1]);
s.on("error",(e)=>{process.stderr.write(String(e.message)+"\\n");process.exit(2)});
s.on("close",()=>process.exit(0));s.pipe(process.stdout);process.stdin.pipe(s);
process.stdin.on("end",()=>s.end());`;

/** argv that connects stdio to host:port from inside `box`. */
export function tcpBridgeArgv(box: BoxName, host: string, port: number): string[] {
  return inNetns(netnsOf(box), [process.execPath, "-e", BRIDGE, host, String(port)]);
}

/** An OpenSSH ProxyCommand reaching %h:%p from inside `box`. */
export function proxyCommand(box: BoxName): string {
  return `ip netns exec ${netnsOf(box)} ${process.execPath} -e '${BRIDGE.replaceAll("\n", " ")}' %h %p`;
}

export interface TcpStream extends Duplex {
  /** Ends the connection and its bridge process. */
  close(): void;
}

/** A byte stream to host:port as seen from inside `box` (e.g. ssh2's Client.connect({ sock })). */
export function openTcpStream(box: BoxName, host: string, port: number): TcpStream {
  const argv = tcpBridgeArgv(box, host, port);
  const child = spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "pipe", "inherit"] });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin }) as TcpStream;
  stream.close = () => {
    child.stdin.end();
    child.kill();
  };
  child.on("exit", () => stream.push(null));
  return stream;
}

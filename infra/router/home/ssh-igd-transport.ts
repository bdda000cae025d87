// UPnP from the lab router, driven over SSH: each HTTP request is a `direct-tcpip` channel the lab
// router's sshd opens (so the IGD sees the lab router's outside address as the requester), and
// discovery is miniupnpc's `upnpc -l` run there (`desc: <url>` lines). `upnpc` is the one extra
// package the lab router needs (Debian: miniupnpc).
import type { Duplex } from "node:stream";
import type { Client } from "ssh2";
import type { IgdTransport } from "./igd-transport.ts";
import { UpnpDiscoveryError, UpnpHttpError } from "./upnp-errors.ts";

export function descUrls(upnpcOutput: string): string[] {
  return [...new Set([...upnpcOutput.matchAll(/^\s*desc:\s*(\S+)/gm)].map((m) => m[1]!))];
}

export function sshTransport(client: Client): IgdTransport {
  return {
    connect(host, port) {
      return new Promise((resolve, reject) => {
        client.forwardOut("127.0.0.1", 0, host, port, (err, channel) => {
          if (err)
            reject(
              new UpnpHttpError(`http://${host}:${port}/`, `lab router could not connect: ${err.message}`),
            );
          else resolve(channel as Duplex);
        });
      });
    },
    discover(_routerAddress, timeoutMs) {
      return new Promise((resolve, reject) => {
        client.exec(`upnpc -l 2>&1`, (err, channel) => {
          if (err)
            return reject(new UpnpDiscoveryError(`cannot run upnpc on the lab router: ${err.message}`));
          let out = "";
          const timer = setTimeout(() => channel.close(), timeoutMs + 5000);
          channel.on("data", (d: Buffer) => {
            out += d.toString("utf8");
          });
          channel.stderr.on("data", () => {});
          channel.on("close", () => {
            clearTimeout(timer);
            resolve(descUrls(out));
          });
        });
      });
    },
  };
}

// Where the UPnP requests leave from. A home router maps ports only for the LAN host that asks
// (miniupnpd's secure_mode, and most consumer IGDs), and the forward must point at the lab router's
// outside address: so the requests must come from the lab router itself. Two transports:
// - direct: this process runs on that host (sockets of its own);
// - SSH (ssh-igd-transport.ts): TCP through `direct-tcpip` channels the lab router opens, and
//   discovery by `upnpc -l` run there. That is what `pulumi up` uses from the operator's machine.
import { Socket } from "node:net";
import type { Duplex } from "node:stream";
import { ssdpSearch } from "./ssdp.ts";
import { UpnpHttpError } from "./upnp-errors.ts";

export interface IgdTransport {
  /** A TCP stream to host:port, originating on the LAN host that receives the forwards. */
  connect(host: string, port: number): Promise<Duplex>;
  /** Description URLs of the IGDs that answer a search toward `routerAddress`. */
  discover(routerAddress: string, timeoutMs: number): Promise<string[]>;
}

export function directTransport(timeoutMs = 5000): IgdTransport {
  return {
    connect(host, port) {
      return new Promise((resolve, reject) => {
        const s = new Socket();
        s.setTimeout(timeoutMs, () => s.destroy(new Error("connect timeout")));
        s.once("error", (e) => reject(new UpnpHttpError(`http://${host}:${port}/`, e.message)));
        s.connect(port, host, () => {
          s.setTimeout(0);
          resolve(s);
        });
      });
    },
    discover: (routerAddress, ms) => ssdpSearch(routerAddress, ms),
  };
}

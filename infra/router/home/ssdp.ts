// SSDP discovery of an Internet Gateway Device (UPnP Device Architecture 1.1 §1.3): an M-SEARCH
// for the IGD device type, sent to the multicast group and to the router's own address (a home
// router answers both; unicast also works where multicast is filtered), answers carry LOCATION.
import { createSocket } from "node:dgram";

export const SSDP_ADDRESS = "239.255.255.250";
export const SSDP_PORT = 1900;
export const IGD_DEVICE_TYPES = [
  "urn:schemas-upnp-org:device:InternetGatewayDevice:1",
  "urn:schemas-upnp-org:device:InternetGatewayDevice:2",
];

// UDA 1.1 §1.3.2: HOST, MAN "ssdp:discover", MX (seconds to wait, 1–5), ST.
export function mSearch(searchTarget: string, mx = 2): string {
  return `M-SEARCH * HTTP/1.1\r\nHOST: ${SSDP_ADDRESS}:${SSDP_PORT}\r\nMAN: "ssdp:discover"\r\nMX: ${mx}\r\nST: ${searchTarget}\r\n\r\n`;
}

/** LOCATION of an SSDP answer (`HTTP/1.1 200 OK` with headers), or undefined. */
export function ssdpLocation(answer: string): string | undefined {
  if (!/^HTTP\/1\.[01] 200/.test(answer)) return undefined;
  const m = /^location:\s*(\S+)\s*$/im.exec(answer);
  return m?.[1];
}

/** Sends the searches from this host and collects the distinct LOCATIONs answered within `timeoutMs`. */
export function ssdpSearch(routerAddress: string, timeoutMs = 3000): Promise<string[]> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const found = new Set<string>();
    socket.on("message", (m) => {
      const location = ssdpLocation(m.toString("latin1"));
      if (location) found.add(location);
    });
    socket.on("error", () => {
      socket.close();
      resolve([...found]);
    });
    socket.bind(0, () => {
      for (const st of IGD_DEVICE_TYPES) {
        const msg = Buffer.from(mSearch(st));
        socket.send(msg, SSDP_PORT, SSDP_ADDRESS, () => {});
        socket.send(msg, SSDP_PORT, routerAddress, () => {});
      }
      setTimeout(() => {
        socket.close();
        resolve([...found]);
      }, timeoutMs);
    });
  });
}

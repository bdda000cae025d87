// The appliance's public address, as the publicAddress section says: fixed (`static`), learned
// from the trunk's REGISTER responses (`provider`, RFC 3581 §4; the registration feeds the
// tracker itself), or asked of a STUN server (`stun`, RFC 5389 §7) now and every few minutes.
import { createSocket } from "node:dgram";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import type { ApplianceConfig, PublicAddress } from "../../schemas/appliance-config/index.ts";
import type { Clock, Logger, RandomSource, TimerHandle } from "../base/index.ts";
import { nodeDatagramPort, PublicAddressTracker, StunClient, type TransportAddress } from "../nat/index.ts";

const STUN_REFRESH_MS = 5 * 60_000;

export interface PublicAddressRuntime {
  readonly tracker: PublicAddressTracker;
  close(): void;
}

/** The address phones on the LAN reach us at: advertise, the listen address, or the first LAN IPv4. */
export function lanAddress(c: ApplianceConfig): TransportAddress {
  const port = c.sip.udp.enabled ? c.sip.udp.port : c.sip.tcp.port;
  if (c.sip.advertise) return { address: c.sip.advertise, port };
  if (c.sip.listen !== "0.0.0.0") return { address: c.sip.listen, port };
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === "IPv4" && !i.internal);
  return { address: external?.address ?? "127.0.0.1", port };
}

export function startPublicAddress(
  c: ApplianceConfig,
  deps: { clock: Clock; random: RandomSource; logger: Logger },
): PublicAddressRuntime {
  const p: PublicAddress | undefined = c.publicAddress;
  const lan = lanAddress(c);
  if (p?.mode === "static" && p.address) {
    const fixed: TransportAddress = { address: p.address };
    if (p.port !== undefined) fixed.port = p.port;
    return { tracker: new PublicAddressTracker(lan, fixed), close() {} };
  }
  const tracker = new PublicAddressTracker(lan);
  if (p?.mode !== "stun" || !p.stunServer) return { tracker, close() {} };

  const [host = "", portText = "3478"] = p.stunServer.split(":");
  const socket = createSocket("udp4");
  socket.unref();
  const client = new StunClient({ clock: deps.clock, random: deps.random, socket: nodeDatagramPort(socket) });
  let timer: TimerHandle | undefined;
  let closed = false;
  const ask = async (): Promise<void> => {
    try {
      const address = isIP(host)
        ? host
        : (await import("node:dns/promises").then((d) => d.lookup(host, 4))).address;
      const mapped = await client.bind({ address, port: Number(portText) });
      // Another socket's mapping: the address is right, the port is not the SIP socket's.
      if (tracker.learn({ address: mapped.address }, "stun"))
        deps.logger.info("public address from STUN", { address: mapped.address });
    } catch (err) {
      deps.logger.warn("STUN discovery failed", { server: p.stunServer, err });
    }
    if (!closed) timer = deps.clock.setTimeout(() => void ask(), STUN_REFRESH_MS);
  };
  socket.bind(0, () => void ask());
  return {
    tracker,
    close() {
      closed = true;
      deps.clock.clearTimeout(timer);
      socket.close();
    },
  };
}

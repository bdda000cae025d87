// An Internet Gateway Device's port mappings over SOAP (WANIPConnection:1/2, WANPPPConnection:1):
// AddPortMapping, DeletePortMapping, GetSpecificPortMappingEntry, GetGenericPortMappingEntry.
import { httpExchange } from "./http-over-stream.ts";
import { findWanService, type WanService } from "./igd-description.ts";
import type { IgdTransport } from "./igd-transport.ts";
import { soapAction, soapEnvelope, soapResult, unescapeXml } from "./soap.ts";
import { UpnpDiscoveryError, UpnpHttpError, UpnpSoapFault } from "./upnp-errors.ts";

export type MappingProtocol = "TCP" | "UDP";

export interface PortMapping {
  protocol: MappingProtocol;
  externalPort: number;
  internalClient: string;
  internalPort: number;
  description: string;
  enabled: boolean;
  leaseSeconds: number;
  /** Empty: any remote host. */
  remoteHost: string;
}

/** WANIPConnection errors a listing ends on: 713 SpecifiedArrayIndexInvalid (and 402 on some IGDs). */
const END_OF_LIST = new Set([713, 402]);
/** GetSpecificPortMappingEntry on a free port: 714 NoSuchEntryInArray. */
const NO_SUCH_ENTRY = 714;
/** GetListOfPortMappings with nothing in the range: 730 PortMappingNotFound. */
const NO_MAPPINGS_IN_RANGE = 730;
/** Bound on a listing (a home router holds far fewer). */
const MAX_ENTRIES = 4096;
/**
 * Widest port window of one GetListOfPortMappings request. miniupnpd 2.3.1 (nftables backend, as
 * Debian bookworm ships it) corrupts its heap and dies (`realloc(): invalid next size`) when one
 * answer would hold more than about 128 mappings — seen with the 200 RTP ports of the example lab,
 * whatever NewNumberOfPorts says; a window of 100 ports cannot hold more than 100 per protocol.
 */
export const LIST_WINDOW_PORTS = 100;

/** External ports of one protocol (inclusive). */
export interface PortRange {
  protocol: MappingProtocol;
  from: number;
  to: number;
}

/** The ranges merged per protocol and cut into windows of at most `width` ports. */
export function listingWindows(scope: readonly PortRange[], width = LIST_WINDOW_PORTS): PortRange[] {
  const out: PortRange[] = [];
  for (const protocol of ["TCP", "UDP"] as const) {
    const ranges = scope.filter((r) => r.protocol === protocol).sort((a, b) => a.from - b.from);
    const merged: PortRange[] = [];
    for (const r of ranges) {
      const last = merged[merged.length - 1];
      if (last && r.from <= last.to + 1) last.to = Math.max(last.to, r.to);
      else merged.push({ ...r });
    }
    for (const r of merged)
      for (let from = r.from; from <= r.to; from += width)
        out.push({ protocol, from, to: Math.min(r.to, from + width - 1) });
  }
  return out;
}

export class IgdClient {
  private constructor(
    private readonly transport: IgdTransport,
    readonly service: WanService,
    private readonly timeoutMs: number,
  ) {}

  /** Finds the IGD (its description URL given, or discovered toward `routerAddress`) and its WAN service. */
  static async open(
    transport: IgdTransport,
    target: { routerAddress: string; descriptionUrl?: string },
    timeoutMs = 15_000,
  ): Promise<IgdClient> {
    const urls = target.descriptionUrl
      ? [target.descriptionUrl]
      : await transport.discover(target.routerAddress, 3000);
    // Prefer the IGD at the declared router address when several answer.
    urls.sort(
      (a, b) =>
        Number(new URL(b).hostname === target.routerAddress) -
        Number(new URL(a).hostname === target.routerAddress),
    );
    for (const url of urls) {
      const res = await IgdClient.get(transport, new URL(url), timeoutMs);
      const service = findWanService(res, url);
      if (service) return new IgdClient(transport, service, timeoutMs);
    }
    throw new UpnpDiscoveryError(
      urls.length
        ? `no WANIPConnection/WANPPPConnection service in ${urls.join(", ")}`
        : `no Internet Gateway Device answered near ${target.routerAddress}`,
    );
  }

  private static async get(transport: IgdTransport, url: URL, timeoutMs: number): Promise<string> {
    const stream = await transport.connect(url.hostname, Number(url.port || 80));
    const res = await httpExchange(stream, { method: "GET", url }, timeoutMs);
    if (res.status !== 200) throw new UpnpHttpError(url.href, `HTTP ${res.status}`, res.status);
    return res.body;
  }

  /** One SOAP action; retried once when the connection fails (every action pibx uses is idempotent). */
  async call(action: string, args: [string, string | number][]): Promise<Record<string, string>> {
    try {
      return await this.callOnce(action, args);
    } catch (e) {
      if (!(e instanceof UpnpHttpError)) throw e;
      return this.callOnce(action, args);
    }
  }

  private async callOnce(action: string, args: [string, string | number][]): Promise<Record<string, string>> {
    const url = this.service.controlUrl;
    const stream = await this.transport.connect(url.hostname, Number(url.port || 80));
    const res = await httpExchange(
      stream,
      {
        method: "POST",
        url,
        headers: {
          "Content-Type": 'text/xml; charset="utf-8"',
          SOAPAction: soapAction(this.service.serviceType, action),
        },
        body: soapEnvelope(this.service.serviceType, action, args),
      },
      this.timeoutMs,
    );
    return soapResult(action, res.status, res.body);
  }

  async externalAddress(): Promise<string> {
    return (await this.call("GetExternalIPAddress", [])).NewExternalIPAddress ?? "";
  }

  async addPortMapping(m: Omit<PortMapping, "enabled" | "remoteHost">): Promise<void> {
    await this.call("AddPortMapping", [
      ["NewRemoteHost", ""],
      ["NewExternalPort", m.externalPort],
      ["NewProtocol", m.protocol],
      ["NewInternalPort", m.internalPort],
      ["NewInternalClient", m.internalClient],
      ["NewEnabled", 1],
      ["NewPortMappingDescription", m.description],
      ["NewLeaseDuration", m.leaseSeconds],
    ]);
  }

  async deletePortMapping(protocol: MappingProtocol, externalPort: number): Promise<void> {
    await this.call("DeletePortMapping", [
      ["NewRemoteHost", ""],
      ["NewExternalPort", externalPort],
      ["NewProtocol", protocol],
    ]);
  }

  /** The mapping of an external port, or undefined when it is free. */
  async getSpecificPortMapping(
    protocol: MappingProtocol,
    externalPort: number,
  ): Promise<PortMapping | undefined> {
    try {
      const r = await this.call("GetSpecificPortMappingEntry", [
        ["NewRemoteHost", ""],
        ["NewExternalPort", externalPort],
        ["NewProtocol", protocol],
      ]);
      return toMapping({ ...r, NewProtocol: protocol, NewExternalPort: String(externalPort) });
    } catch (e) {
      if (e instanceof UpnpSoapFault && e.code === NO_SUCH_ENTRY) return undefined;
      throw e;
    }
  }

  /**
   * The mappings on the external ports of `scope`, or every mapping without one. A scope on a
   * WANIPConnection:2 is listed window by window (GetListOfPortMappings, see LIST_WINDOW_PORTS);
   * otherwise GetGenericPortMappingEntry from index 0 until the IGD says the list ended — one
   * request per entry, each a walk of the router's rules on miniupnpd: slow with hundreds of them.
   */
  async listPortMappings(scope?: readonly PortRange[]): Promise<PortMapping[]> {
    if (scope && this.service.serviceType.endsWith("WANIPConnection:2")) {
      const out: PortMapping[] = [];
      // One at a time: a home router's IGD is a small single-threaded daemon.
      for (const w of listingWindows(scope)) out.push(...(await this.listV2(w)));
      return out;
    }
    const all = await this.listGeneric();
    return scope
      ? all.filter((m) =>
          scope.some((r) => r.protocol === m.protocol && m.externalPort >= r.from && m.externalPort <= r.to),
        )
      : all;
  }

  private async listV2(w: PortRange): Promise<PortMapping[]> {
    try {
      const r = await this.call("GetListOfPortMappings", [
        ["NewStartPort", w.from],
        ["NewEndPort", w.to],
        ["NewProtocol", w.protocol],
        ["NewManage", 1],
        ["NewNumberOfPorts", w.to - w.from + 1],
      ]);
      return parsePortListing(r.NewPortListing ?? "").filter(
        (m) => m.protocol === w.protocol && m.externalPort >= w.from && m.externalPort <= w.to,
      );
    } catch (e) {
      if (e instanceof UpnpSoapFault && e.code === NO_MAPPINGS_IN_RANGE) return [];
      throw e;
    }
  }

  private async listGeneric(): Promise<PortMapping[]> {
    const out: PortMapping[] = [];
    for (let i = 0; i < MAX_ENTRIES; i++) {
      try {
        out.push(toMapping(await this.call("GetGenericPortMappingEntry", [["NewPortMappingIndex", i]])));
      } catch (e) {
        if (e instanceof UpnpSoapFault && END_OF_LIST.has(e.code)) break;
        throw e;
      }
    }
    return out;
  }
}

function toMapping(r: Record<string, string>): PortMapping {
  return {
    protocol: (r.NewProtocol ?? "").toUpperCase() === "TCP" ? "TCP" : "UDP",
    externalPort: Number(r.NewExternalPort),
    internalClient: r.NewInternalClient ?? "",
    internalPort: Number(r.NewInternalPort),
    description: r.NewPortMappingDescription ?? "",
    enabled: r.NewEnabled === "1" || r.NewEnabled === "true",
    leaseSeconds: Number(r.NewLeaseDuration ?? 0),
    remoteHost: r.NewRemoteHost ?? "",
  };
}

/** IGD v2's `PortMappingList` document (WANIPConnection:2 §2.5.22), already unescaped from SOAP. */
export function parsePortListing(xml: string): PortMapping[] {
  const field = (entry: string, name: string) =>
    new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`).exec(entry)?.[1];
  return [...xml.matchAll(/<(?:\w+:)?PortMappingEntry>([\s\S]*?)<\/(?:\w+:)?PortMappingEntry>/g)].map((m) => {
    const e = m[1]!;
    return toMapping({
      NewRemoteHost: field(e, "NewRemoteHost") ?? "",
      NewExternalPort: field(e, "NewExternalPort") ?? "",
      NewProtocol: field(e, "NewProtocol") ?? "",
      NewInternalPort: field(e, "NewInternalPort") ?? "",
      NewInternalClient: field(e, "NewInternalClient") ?? "",
      NewEnabled: field(e, "NewEnabled") ?? "",
      NewPortMappingDescription: unescapeXml(field(e, "NewDescription") ?? ""),
      NewLeaseDuration: field(e, "NewLeaseTime") ?? "0",
    });
  });
}

// The IGD's device description (UDA 1.1 §2.3): the first WANIPConnection (v2 or v1) or
// WANPPPConnection service, and its control URL resolved against URLBase or the description's URL.

export const WAN_SERVICE_TYPES = [
  "urn:schemas-upnp-org:service:WANIPConnection:2",
  "urn:schemas-upnp-org:service:WANIPConnection:1",
  "urn:schemas-upnp-org:service:WANPPPConnection:1",
];

export interface WanService {
  serviceType: string;
  controlUrl: URL;
}

const tag = (xml: string, name: string): string | undefined =>
  new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>\\s*([^<]*?)\\s*</(?:\\w+:)?${name}>`, "i").exec(xml)?.[1];

export function findWanService(descriptionXml: string, descriptionUrl: string): WanService | undefined {
  const base = tag(descriptionXml, "URLBase") || descriptionUrl;
  const services = [
    ...descriptionXml.matchAll(/<(?:\w+:)?service\b[^>]*>([\s\S]*?)<\/(?:\w+:)?service>/gi),
  ].map((m) => ({ type: tag(m[1]!, "serviceType"), control: tag(m[1]!, "controlURL") }));
  for (const wanted of WAN_SERVICE_TYPES) {
    const s = services.find((x) => x.type === wanted && x.control);
    if (s) return { serviceType: wanted, controlUrl: new URL(s.control!, base) };
  }
  return undefined;
}

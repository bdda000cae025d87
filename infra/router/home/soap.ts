// SOAP 1.1 for UPnP control (UDA 1.1 §3.2): the action envelope, the response's out arguments, and
// the UPnPError of a fault.
import { UpnpSoapFault } from "./upnp-errors.ts";

const escapeXml = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

export const unescapeXml = (s: string): string =>
  s
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&apos;", "'")
    .replaceAll("&amp;", "&");

/** In arguments are sent in the order the service description lists them (some IGDs insist). */
export function soapEnvelope(serviceType: string, action: string, args: [string, string | number][]): string {
  const inner = args.map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`).join("");
  return (
    '<?xml version="1.0"?>\r\n' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:${action} xmlns:u="${serviceType}">${inner}</u:${action}></s:Body></s:Envelope>\r\n`
  );
}

/** `"<serviceType>#<action>"`, quoted as UDA 1.1 §3.2.1 requires. */
export const soapAction = (serviceType: string, action: string): string => `"${serviceType}#${action}"`;

/** The out arguments of `<u:ActionResponse>` (elements without children), by name. */
export function soapResult(action: string, status: number, body: string): Record<string, string> {
  const code = /<(?:\w+:)?errorCode>\s*(\d+)\s*</i.exec(body);
  if (code && /UPnPError/i.test(body)) {
    const description = /<(?:\w+:)?errorDescription>([^<]*)</i.exec(body)?.[1] ?? "";
    throw new UpnpSoapFault(action, Number(code[1]), unescapeXml(description).trim());
  }
  if (status !== 200) throw new UpnpSoapFault(action, status, `HTTP ${status}`);
  const response = new RegExp(
    `<(?:\\w+:)?${action}Response\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?${action}Response>`,
  ).exec(body);
  const out: Record<string, string> = {};
  // A value is text (escaped), a CDATA section (miniupnpd's PortMappingList), or empty.
  const values = /<(\w+)(?:\s[^>]*)?>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>|<(\w+)\s*\/>/g;
  for (const m of (response?.[1] ?? "").matchAll(values)) {
    if (m[1]) out[m[1]] = m[2] ?? unescapeXml(m[3] ?? "");
    else if (m[4]) out[m[4]] = "";
  }
  return out;
}

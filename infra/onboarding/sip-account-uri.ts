// The plain SIP account for apps without remote provisioning, as one string a QR code can hold.
//
// Form (RFC 3261 §19.1.1 SIP URI with the password in the userinfo, and the server to send to as
// `maddr`, §19.1.1 "maddr"): `sip:101:<password>@pbx.home.arpa:5060;transport=udp;maddr=172.16.0.10`
// The password-in-URI form is deprecated for signalling but is the one form that SIP apps and
// their QR importers (and people reading it) commonly understand; the same details are printed
// as text next to the code.

export interface SipAccount {
  readonly user: string;
  readonly password: string;
  readonly domain: string;
  /** Where to send requests (the appliance), when the domain does not resolve to it. */
  readonly proxyHost: string;
  readonly port: number;
  readonly transport: "udp" | "tcp" | "tls";
  readonly displayName: string;
}

/** RFC 3261 §25.1: userinfo characters other than unreserved/escaped are %-encoded. */
function escapeUserinfo(text: string): string {
  return text.replace(/[^A-Za-z0-9\-_.!~*'()&=+$,;?/]/g, (c) =>
    [...Buffer.from(c, "utf8")].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

export function sipAccountUri(a: SipAccount): string {
  return `sip:${escapeUserinfo(a.user)}:${escapeUserinfo(a.password)}@${a.domain}:${a.port};transport=${a.transport};maddr=${a.proxyHost}`;
}

/** The same account, for a person typing it into an app. */
export function sipAccountText(a: SipAccount): string[] {
  return [
    `SIP address:   sip:${a.user}@${a.domain}`,
    `display name:  ${a.displayName}`,
    `user / auth:   ${a.user}`,
    `password:      ${a.password}`,
    `domain:        ${a.domain}`,
    `proxy:         ${a.proxyHost}:${a.port} (${a.transport.toUpperCase()})`,
  ];
}

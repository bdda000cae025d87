/* Generated from schemas/lab.schema.json by `npm run gen:types`. Do not edit by hand.
 * These types describe a loaded lab: properties with a default in the schema are always present. */

/**
 * The appliance's LAN address: `{ address, gateway, dns }` (static) or `{ dhcp: true }`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "LanAddress".
 */
export type LanAddress = StaticLan | DhcpLan;
/**
 * A TLS certificate: `{ selfSigned: true }` or `{ certificateFile, privateKey }`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "TlsCertificate".
 */
export type TlsCertificate = SelfSignedCertificate | ProvidedCertificate;
/**
 * The public address: `{ address: <ipv4> }` or `{ discover: stun | provider }`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "PublicAddress".
 */
export type PublicAddress = StaticPublicAddress | DiscoveredPublicAddress;
/**
 * A DSCP mark: a name (`EF`, `CS3`, `AF41`, …) or a number 0–63.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Dscp".
 */
export type Dscp = DscpName | number;
/**
 * A DSCP name: DF/CS0–CS7, AF11–AF43, EF (46, voice media) or VA (44, voice admit).
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DscpName".
 */
export type DscpName =
  | "DF"
  | "CS0"
  | "CS1"
  | "CS2"
  | "CS3"
  | "CS4"
  | "CS5"
  | "CS6"
  | "CS7"
  | "AF11"
  | "AF12"
  | "AF13"
  | "AF21"
  | "AF22"
  | "AF23"
  | "AF31"
  | "AF32"
  | "AF33"
  | "AF41"
  | "AF42"
  | "AF43"
  | "EF"
  | "VA";
/**
 * Where a secret's value comes from: Pulumi config, or generated and kept in Pulumi state.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SecretDeclaration".
 */
export type SecretDeclaration = ConfigSecret | GeneratedSecret;
/**
 * A prompt: text spoken by the text-to-speech engine (`say`) or an audio file (`file`).
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Greeting".
 */
export type Greeting = SpokenGreeting | RecordedGreeting;
/**
 * Where a call goes: exactly one of `{ extension: "101" }`, `{ ringGroup: "sales" }`, `{ voicemail: "100" }`, `{ conference: "800" }`, `{ ivr: "main" }` or `{ hangup: true }`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Destination".
 */
export type Destination =
  | ExtensionDestination
  | RingGroupDestination
  | VoicemailDestination
  | ConferenceDestination
  | IvrDestination
  | HangupDestination;
/**
 * A desk phone (`type: desk`) or a softphone (`type: softphone`).
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Device".
 */
export type Device = DeskPhone | Softphone;
/**
 * One programmable key: `{ line: "100" }` registers that extension, `{ speedDial: "800" }` dials a number, `{ blf: "101" }` shows an extension's state.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "LineKey".
 */
export type LineKey = LineAppearanceKey | SpeedDialKey | BusyLampKey;
/**
 * Music on hold: `{ builtin: default | silence }` or `{ file: <wav> }`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "MusicOnHold".
 */
export type MusicOnHold = BuiltinMusicOnHold | FileMusicOnHold;
/**
 * A router interface: `{ name, address }` (static) or `{ name, dhcp: true }`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "RouterInterface".
 */
export type RouterInterface = StaticInterface | DhcpInterface;
/**
 * A default route: `{ gateway: <ipv4> }` or `{ dhcp: true }`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DefaultRoute".
 */
export type DefaultRoute = GatewayRoute | DhcpRoute;

/**
 * A whole self-hosted phone system: the appliance, the numbering plan, the devices, the trunks and the network around them. `pulumi up` makes it real.
 */
export interface Lab {
  site: Site;
  appliance: Appliance;
  /**
   * Every secret the lab uses, by name. A secret is referenced anywhere else as `{ secret: <name> }` and never written inline.
   */
  secrets: {
    [k: string]: SecretDeclaration | undefined;
  };
  /**
   * The extensions (internal numbers that ring people).
   */
  extensions: Extension[];
  /**
   * Desk phones and softphones. Extensions bind to them by `id`.
   */
  devices: Device[];
  /**
   * Numbers that ring several extensions at once or in turn.
   */
  ringGroups: RingGroup[];
  /**
   * Conference rooms.
   */
  conferences: Conference[];
  /**
   * Voice menus (digital receptionists): a greeting, then digits to destinations.
   */
  ivrMenus: IvrMenu[];
  /**
   * SIP trunks to providers: registration, inbound DIDs and outbound dialling.
   */
  trunks: Trunk[];
  emergency?: Emergency;
  voicemail: VoicemailSettings;
  musicOnHold: MusicOnHold;
  blacklist: Blacklist;
  network: Network;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Site".
 */
export interface Site {
  /**
   * Human name of the site, shown on phones and in reports.
   */
  name: string;
  /**
   * The SIP domain of the site (the host part of `sip:100@domain`).
   */
  domain: string;
  /**
   * IANA time zone, e.g. `Europe/Paris`; used for business hours, voicemail timestamps and phone clocks.
   */
  timezone: string;
  /**
   * Language of the spoken prompts, e.g. `en-US`.
   */
  locale: string;
  dialing: Dialing;
}
/**
 * Country dialling conventions, used to classify outbound numbers for extension permissions.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Dialing".
 */
export interface Dialing {
  /**
   * The site's country calling code (without `+`).
   */
  countryCode: string;
  /**
   * Prefix of national long-distance numbers (`1` in North America, `0` in most of Europe).
   */
  nationalPrefix: string;
  /**
   * Prefix of international numbers (`011` in North America, `00` in most of Europe). Numbers starting with `+` are international too unless they start with `+<countryCode>`.
   */
  internationalPrefix: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Appliance".
 */
export interface Appliance {
  /**
   * Host name of the Pi.
   */
  hostname: string;
  /**
   * Raspberry Pi model the image is built for.
   */
  board: "pi3" | "pi4" | "pi5";
  image: ImageOptions;
  lan: LanAddress;
  ssh: SshAccess;
  sip: SipTransports;
  rtp: RtpPorts;
  provisioning: ProvisioningServer;
  admin: AdminApi;
  publicAddress: PublicAddress;
  dscp: DscpMarks;
  security: Security;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "ImageOptions".
 */
export interface ImageOptions {
  /**
   * Size of the disk image in GiB (the root file system grows to fill the SD card on first boot).
   */
  sizeGiB: number;
  /**
   * Block device of an SD card to write the image to (e.g. `/dev/sdb`); omit to only build the image.
   */
  writeTo?: string;
  /**
   * Extra Debian packages to install in the image.
   */
  extraPackages: string[];
  /**
   * NTP servers (default: the Debian pool).
   */
  ntpServers: string[];
}
/**
 * A static LAN address.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "StaticLan".
 */
export interface StaticLan {
  /**
   * Address and prefix length, e.g. `172.16.0.10/24`.
   */
  address: string;
  /**
   * Default gateway.
   */
  gateway: string;
  /**
   * DNS servers.
   *
   * @minItems 1
   */
  dns: [string, ...string[]];
}
/**
 * An address from DHCP.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DhcpLan".
 */
export interface DhcpLan {
  /**
   * Always `true`.
   */
  dhcp: true;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SshAccess".
 */
export interface SshAccess {
  /**
   * Login user created in the image.
   */
  user: string;
  /**
   * Public keys allowed to log in (password login is disabled).
   *
   * @minItems 1
   */
  authorizedKeys: [string, ...string[]];
  /**
   * SSH port.
   */
  port: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SipTransports".
 */
export interface SipTransports {
  udp: SipUdpTransport;
  tcp: SipTcpTransport;
  tls: SipTlsTransport;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SipUdpTransport".
 */
export interface SipUdpTransport {
  /**
   * Listen for SIP over UDP.
   */
  enabled: boolean;
  /**
   * Listening port.
   */
  port: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SipTcpTransport".
 */
export interface SipTcpTransport {
  /**
   * Listen for SIP over TCP.
   */
  enabled: boolean;
  /**
   * Listening port.
   */
  port: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SipTlsTransport".
 */
export interface SipTlsTransport {
  /**
   * Listen for SIP over TLS.
   */
  enabled: boolean;
  /**
   * Listening port.
   */
  port: number;
  certificate?: TlsCertificate;
}
/**
 * A self-signed certificate generated on the appliance.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SelfSignedCertificate".
 */
export interface SelfSignedCertificate {
  /**
   * Always `true`.
   */
  selfSigned: true;
}
/**
 * A certificate chain file next to lab.yaml and its private key as a secret.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "ProvidedCertificate".
 */
export interface ProvidedCertificate {
  /**
   * PEM certificate chain, relative to lab.yaml.
   */
  certificateFile: string;
  privateKey: SecretRef;
}
/**
 * A reference to a secret declared under `secrets`, e.g. `{ secret: trunkPassword }`. Secrets are never written inline.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SecretRef".
 */
export interface SecretRef {
  /**
   * The name of a secret declared under `secrets`.
   */
  secret: string;
}
/**
 * UDP ports for media. A relayed call uses 4 ports (two legs, RTP and RTCP).
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "RtpPorts".
 */
export interface RtpPorts {
  /**
   * First port of the range.
   */
  min: number;
  /**
   * Last port of the range (inclusive).
   */
  max: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "ProvisioningServer".
 */
export interface ProvisioningServer {
  /**
   * TCP port of the provisioning HTTP server.
   */
  httpPort: number;
  /**
   * URL path under which the phone files are served (the derived option 160 is `http://<appliance><pathPrefix>/$PN/$MA.xml`).
   */
  pathPrefix: string;
  /**
   * Also serve the phone files over TFTP (UDP port 69) for phones that only do TFTP.
   */
  tftp: boolean;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "AdminApi".
 */
export interface AdminApi {
  /**
   * TCP port of the admin API (LAN only, never forwarded).
   */
  port: number;
}
/**
 * A fixed public IPv4 address.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "StaticPublicAddress".
 */
export interface StaticPublicAddress {
  /**
   * The public address.
   */
  address: string;
}
/**
 * A public address discovered at run time.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DiscoveredPublicAddress".
 */
export interface DiscoveredPublicAddress {
  /**
   * `stun`: ask a STUN server; `provider`: read the `received`/`rport` the trunk provider sees in REGISTER responses.
   */
  discover: "stun" | "provider";
  /**
   * STUN server as `host:port` (with `discover: stun`; default `stun.l.google.com:19302`).
   */
  stunServer?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DscpMarks".
 */
export interface DscpMarks {
  rtp: Dscp;
  sip: Dscp;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Security".
 */
export interface Security {
  /**
   * Maximum SIP requests per second from one source address before requests are dropped.
   */
  requestsPerSecond: number;
  /**
   * Requests allowed in a burst above the rate.
   */
  burst: number;
  /**
   * Ban a source address after this many failed authentications within `failureWindowSeconds`.
   */
  banAfterAuthFailures: number;
  /**
   * Window in which authentication failures are counted.
   */
  failureWindowSeconds: number;
  /**
   * How long a ban lasts.
   */
  banSeconds: number;
  /**
   * Networks never rate-limited or banned (the LAN is always allowed).
   */
  allowlist: string[];
  /**
   * Digest algorithms offered in each challenge, most preferred first (RFC 8760). Some phones read only the first challenge or know only MD5 (baresip 1.0 fails on any non-MD5 challenge): list `[MD5]` for them. The same challenge goes to every user, so the choice reveals no extension.
   *
   * @minItems 1
   */
  digestAlgorithms: ["SHA-256" | "MD5", ...("SHA-256" | "MD5")[]];
}
/**
 * A secret set by the operator with `pulumi config set --secret <name> <value>`.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "ConfigSecret".
 */
export interface ConfigSecret {
  /**
   * Always `config`: the value comes from the Pulumi stack's config secrets.
   */
  from: "config";
}
/**
 * A secret generated once by pibx and kept as a secret in Pulumi state.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "GeneratedSecret".
 */
export interface GeneratedSecret {
  /**
   * `password`: random letters and digits; `pin`: random digits (for voicemail and conference PINs).
   */
  generate: "password" | "pin";
  /**
   * Length of the generated value (default: 24 for a password, 6 for a PIN).
   */
  length?: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Extension".
 */
export interface Extension {
  /**
   * The extension number (quote it: `"100"`).
   */
  number: string;
  /**
   * Display name (caller ID name for internal calls).
   */
  name: string;
  password: SecretRef;
  /**
   * Ids of the devices that register this extension and ring for it.
   */
  devices: string[];
  voicemail?: VoicemailBox;
  /**
   * What the extension may dial, cumulatively: `internal` (extensions and features only), `national` (plus national numbers), `international` (everything). Emergency numbers are always allowed.
   */
  permissions: "internal" | "national" | "international";
  /**
   * Seconds to ring before `onNoAnswer`.
   */
  ringTimeout: number;
  onNoAnswer?: Destination;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "VoicemailBox".
 */
export interface VoicemailBox {
  pin: SecretRef;
  greeting?: Greeting;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SpokenGreeting".
 */
export interface SpokenGreeting {
  /**
   * Text to speak in the site's locale.
   */
  say: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "RecordedGreeting".
 */
export interface RecordedGreeting {
  /**
   * Audio file (WAV), relative to lab.yaml.
   */
  file: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "ExtensionDestination".
 */
export interface ExtensionDestination {
  /**
   * Ring this extension (its own no-answer rule applies).
   */
  extension: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "RingGroupDestination".
 */
export interface RingGroupDestination {
  /**
   * Ring this ring group, by name.
   */
  ringGroup: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "VoicemailDestination".
 */
export interface VoicemailDestination {
  /**
   * Leave a message in this extension's voicemail box.
   */
  voicemail: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "ConferenceDestination".
 */
export interface ConferenceDestination {
  /**
   * Join this conference room, by number.
   */
  conference: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "IvrDestination".
 */
export interface IvrDestination {
  /**
   * Enter this IVR menu, by name.
   */
  ivr: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "HangupDestination".
 */
export interface HangupDestination {
  /**
   * Always `true`: end the call.
   */
  hangup: true;
}
/**
 * A desk phone provisioned by the appliance over HTTP/TFTP from the DHCP options.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DeskPhone".
 */
export interface DeskPhone {
  /**
   * Unique id, referenced by extensions' `devices`.
   */
  id: string;
  /**
   * Always `desk`.
   */
  type: "desk";
  /**
   * Firmware family: `cisco-mpp` (Cisco MPP/3PCC, e.g. 7821, 7841, 8845), `cisco-sip` (Cisco enterprise SIP firmware, 79xx), `yealink`, `grandstream`, `polycom`, `snom`.
   */
  vendor: "cisco-mpp" | "cisco-sip" | "yealink" | "grandstream" | "polycom" | "snom";
  /**
   * Model, e.g. `7821`, `T46U`, `GXP2170`, `VVX 411`, `D735`.
   */
  model: string;
  /**
   * MAC address in any common spelling (`00:1B:54:AA:BB:CC`, `001b.54aa.bbcc`, `001B54AABBCC`); it names the phone's provisioning file.
   */
  mac: string;
  /**
   * Free text: where the phone is, who uses it.
   */
  description?: string;
  /**
   * The programmable keys, in order from the top (default: one line key per extension bound to the phone).
   */
  lineKeys?: LineKey[];
  dscp?: DeviceDscp;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "LineAppearanceKey".
 */
export interface LineAppearanceKey {
  /**
   * Extension registered on this key; the extension must list the device in its `devices`.
   */
  line: string;
  /**
   * Label shown next to the key.
   */
  label?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "SpeedDialKey".
 */
export interface SpeedDialKey {
  /**
   * Number dialled by the key.
   */
  speedDial: string;
  /**
   * Label shown next to the key.
   */
  label?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "BusyLampKey".
 */
export interface BusyLampKey {
  /**
   * Extension whose state (idle, ringing, busy) the key shows; pressing it calls it.
   */
  blf: string;
  /**
   * Label shown next to the key.
   */
  label?: string;
}
/**
 * DSCP marks provisioned on a phone, overriding the appliance's marks.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DeviceDscp".
 */
export interface DeviceDscp {
  rtp?: Dscp;
  sip?: Dscp;
}
/**
 * A softphone onboarded by QR code.
 *
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Softphone".
 */
export interface Softphone {
  /**
   * Unique id, referenced by extensions' `devices`.
   */
  id: string;
  /**
   * Always `softphone`.
   */
  type: "softphone";
  /**
   * `linphone`: a linphone-compatible app (remote provisioning by QR code); `generic`: any SIP app (the settings are printed).
   */
  app: "linphone" | "generic";
  /**
   * SIP transport the softphone uses (default: `udp`).
   */
  transport?: "udp" | "tcp" | "tls";
  /**
   * Free text: whose phone it is.
   */
  description?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "RingGroup".
 */
export interface RingGroup {
  /**
   * Unique name, referenced by `{ ringGroup: <name> }`.
   */
  name: string;
  /**
   * Internal number that rings the group.
   */
  number: string;
  /**
   * Extension numbers, in ring order for `sequential`.
   *
   * @minItems 1
   */
  members: [string, ...string[]];
  /**
   * `simultaneous`: all members ring at once; `sequential`: one after the other, `ringTimeout` seconds each.
   */
  strategy: "simultaneous" | "sequential";
  /**
   * Seconds of ringing (per member with `sequential`) before `onNoAnswer`.
   */
  ringTimeout: number;
  onNoAnswer?: Destination;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Conference".
 */
export interface Conference {
  /**
   * Internal number of the room.
   */
  number: string;
  /**
   * Name of the room.
   */
  name: string;
  pin?: SecretRef;
  /**
   * Maximum number of participants.
   */
  maxParticipants: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "IvrMenu".
 */
export interface IvrMenu {
  /**
   * Unique name, referenced by `{ ivr: <name> }`.
   */
  name: string;
  /**
   * Internal number that reaches the menu (optional).
   */
  number?: string;
  greeting: Greeting;
  /**
   * Digit strings of any length to options: `"1"` and `"13"` may both exist (then `interDigitTimeout` is required).
   */
  options: {
    [k: string]: IvrOption | undefined;
  };
  /**
   * Seconds to wait for the first digit after the greeting.
   */
  firstDigitTimeout: number;
  /**
   * Seconds to wait for a further digit when the digits so far are an option and also the start of a longer one. Required when options are prefixes of each other.
   */
  interDigitTimeout?: number;
  /**
   * Times the greeting is repeated after an invalid entry or a timeout.
   */
  retries: number;
  onInvalid?: Destination;
  onTimeout?: Destination;
  /**
   * Let callers dial an extension number directly (options win over extensions).
   */
  dialByExtension: boolean;
  hours?: BusinessHours;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "IvrOption".
 */
export interface IvrOption {
  destination: Destination;
  /**
   * A hidden option works but is not announced (e.g. staff shortcuts).
   */
  hidden: boolean;
  /**
   * What the option is for (documentation only; the greeting says what callers hear).
   */
  description?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "BusinessHours".
 */
export interface BusinessHours {
  /**
   * Opening hours in the site's time zone.
   *
   * @minItems 1
   */
  weekly: [OpeningHours, ...OpeningHours[]];
  /**
   * Closed days (`YYYY-MM-DD`).
   */
  holidays: string[];
  afterHours: Destination;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "OpeningHours".
 */
export interface OpeningHours {
  /**
   * Days these hours apply to.
   *
   * @minItems 1
   */
  days: [
    "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun",
    ...("mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun")[],
  ];
  /**
   * Opening time, `HH:MM`.
   */
  from: string;
  /**
   * Closing time, `HH:MM` (after `from`).
   */
  to: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Trunk".
 */
export interface Trunk {
  /**
   * Unique name.
   */
  name: string;
  /**
   * The provider's registrar/proxy host name or address.
   */
  host: string;
  /**
   * The provider's SIP port.
   */
  port: number;
  /**
   * Transport to the provider.
   */
  transport: "udp" | "tcp" | "tls";
  /**
   * Account user name (the user part of the registered address).
   */
  username: string;
  /**
   * Digest authentication user name (default: `username`).
   */
  authUsername?: string;
  password: SecretRef;
  /**
   * Register to the provider (needed to receive calls unless the provider sends them to a fixed address).
   */
  register: boolean;
  /**
   * Numbers the provider delivers through this trunk.
   */
  dids: Did[];
  outbound: TrunkOutbound;
  /**
   * Maximum concurrent calls on the trunk (channels).
   */
  maxCalls: number;
  /**
   * Maximum outbound calls per hour (toll-fraud brake; default: unlimited).
   */
  callsPerHour?: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Did".
 */
export interface Did {
  /**
   * The number as the provider sends it in the request URI or `To`.
   */
  number: string;
  destination: Destination;
  /**
   * Free text.
   */
  description?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "TrunkOutbound".
 */
export interface TrunkOutbound {
  /**
   * Dial patterns allowed out through this trunk: digits, `X` (any digit), `Z` (1–9), `N` (2–9), `[1-5]` (a set), `.` (one or more more digits) at the end, `+` at the start. Trunks are tried in order.
   */
  patterns: string[];
  callerId?: CallerId;
  /**
   * Where the caller ID is put: the `From` header, or `P-Asserted-Identity`.
   */
  callerIdSource: "from" | "pai";
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "CallerId".
 */
export interface CallerId {
  /**
   * Number presented.
   */
  number: string;
  /**
   * Name presented (where the provider passes it).
   */
  name?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Emergency".
 */
export interface Emergency {
  /**
   * Emergency numbers (e.g. `911`, `112`), dialable from every extension.
   *
   * @minItems 1
   */
  numbers: [string, ...string[]];
  /**
   * Trunk that carries emergency calls (default: the first trunk whose outbound patterns match).
   */
  trunk?: string;
  callerId?: CallerId;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "VoicemailSettings".
 */
export interface VoicemailSettings {
  /**
   * Number dialled to reach one's own mailbox.
   */
  accessNumber: string;
  /**
   * Longest message, in seconds.
   */
  maxMessageSeconds: number;
  /**
   * Messages kept per box; callers are told when a box is full.
   */
  maxMessages: number;
  /**
   * Lock a box for 15 minutes after this many wrong PINs in a row.
   */
  pinLockoutAfter: number;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "BuiltinMusicOnHold".
 */
export interface BuiltinMusicOnHold {
  /**
   * `default`: the built-in music; `silence`: comfort noise only.
   */
  builtin: "default" | "silence";
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "FileMusicOnHold".
 */
export interface FileMusicOnHold {
  /**
   * Audio file (WAV), relative to lab.yaml, played in a loop.
   */
  file: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Blacklist".
 */
export interface Blacklist {
  /**
   * Caller numbers refused exactly.
   */
  numbers: string[];
  /**
   * Caller number prefixes refused.
   */
  prefixes: string[];
  /**
   * Refuse callers without a number (anonymous, withheld, unavailable).
   */
  anonymous: boolean;
  /**
   * SIP response: `603` Decline or `608` Rejected (RFC 8688: the caller is told an intermediary refused the call).
   */
  response: 603 | 608;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Network".
 */
export interface Network {
  labRouter?: LabRouter;
  homeRouter?: HomeRouter;
  /**
   * Ports forwarded from the internet to the appliance through every NAT. Omit to let pibx derive them (SIP ports of enabled transports and the RTP range); when listed, this list is used as is and checked.
   */
  portForwards?: PortForward[];
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "LabRouter".
 */
export interface LabRouter {
  /**
   * `cisco-ios`: a Cisco IOS router over SSH (e.g. an 1841); `linux`: a Linux router (nftables, dnsmasq, tc) over SSH.
   */
  kind: "cisco-ios" | "linux";
  /**
   * Model, for documentation (e.g. `1841`).
   */
  model?: string;
  management: RouterManagement;
  interfaces: RouterInterfaces;
  defaultRoute?: DefaultRoute;
  /**
   * DHCP pools served on the inside.
   */
  dhcpPools: DhcpPool[];
  nat?: Nat;
  qos?: VoiceQos;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "RouterManagement".
 */
export interface RouterManagement {
  /**
   * Address pibx connects to over SSH.
   */
  address: string;
  /**
   * SSH port.
   */
  port: number;
  /**
   * SSH user.
   */
  username: string;
  password?: SecretRef;
  privateKey?: SecretRef;
  enableSecret?: SecretRef;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "RouterInterfaces".
 */
export interface RouterInterfaces {
  inside: StaticInterface;
  outside: RouterInterface;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "StaticInterface".
 */
export interface StaticInterface {
  /**
   * Interface name, e.g. `FastEthernet0/1` or `eth1`.
   */
  name: string;
  /**
   * Address and prefix length, e.g. `172.16.0.1/24`.
   */
  address: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DhcpInterface".
 */
export interface DhcpInterface {
  /**
   * Interface name, e.g. `FastEthernet0/0` or `eth0`.
   */
  name: string;
  /**
   * Always `true`: the address comes from DHCP.
   */
  dhcp: true;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "GatewayRoute".
 */
export interface GatewayRoute {
  /**
   * Next hop of the default route.
   */
  gateway: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DhcpRoute".
 */
export interface DhcpRoute {
  /**
   * Always `true`: use the gateway learnt by DHCP on the outside interface.
   */
  dhcp: true;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DhcpPool".
 */
export interface DhcpPool {
  /**
   * Pool name (`ip dhcp pool <name>` on IOS).
   */
  name: string;
  /**
   * Network served, e.g. `172.16.0.0/24`; must be inside an inside network of the router.
   */
  network: string;
  /**
   * Addresses never leased: single addresses or ranges `first-last` (static hosts such as the appliance go here).
   */
  excluded: string[];
  /**
   * Default gateway handed out (inside the pool network).
   */
  defaultRouter: string;
  /**
   * DNS servers handed out.
   *
   * @minItems 1
   */
  dns: [string, ...string[]];
  /**
   * Domain name handed out.
   */
  domain?: string;
  /**
   * Lease time in hours.
   */
  leaseHours: number;
  options: DhcpProvisioningOptions;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "DhcpProvisioningOptions".
 */
export interface DhcpProvisioningOptions {
  /**
   * Option 150, TFTP server list (Cisco). Default: the appliance's address.
   *
   * @minItems 1
   */
  tftpServers?: [string, ...string[]];
  /**
   * Option 66, TFTP server name. Default: the appliance's address.
   */
  tftpServerName?: string;
  /**
   * Option 160, provisioning URL; `$PN` (product name) and `$MA` (MAC) are expanded by the phone. Default: `http://<appliance>[:<httpPort>]<pathPrefix>/$PN/$MA.xml`.
   */
  provisioningUrl?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "Nat".
 */
export interface Nat {
  /**
   * Translate the inside networks to the outside interface's address (PAT, `ip nat inside source list … overload`).
   */
  overload: boolean;
  /**
   * Networks translated (default: the inside interface's network).
   */
  insideNetworks?: string[];
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "VoiceQos".
 */
export interface VoiceQos {
  /**
   * `priority`: low-latency queueing (`priority percent` for media matched by DSCP, `bandwidth percent` for signalling); `set-dscp`: classes matched by ports get `bandwidth percent` and their DSCP is (re)written with `set dscp`.
   */
  style: "priority" | "set-dscp";
  media: QosClass;
  signalling?: QosClass;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "QosClass".
 */
export interface QosClass {
  /**
   * Share of the link: the strict-priority queue for media with `priority`, guaranteed bandwidth otherwise.
   */
  percent: number;
  dscp?: Dscp;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "HomeRouter".
 */
export interface HomeRouter {
  /**
   * `upnp`: pibx opens the forwards with UPnP IGD; `manual`: pibx prints a checklist of forwards to set up by hand.
   */
  kind: "upnp" | "manual";
  /**
   * The router's LAN address.
   */
  address: string;
  /**
   * Its public address, when known and fixed (documentation and checks).
   */
  outsideAddress?: string;
}
/**
 * This interface was referenced by `Lab`'s JSON-Schema
 * via the `definition` "PortForward".
 */
export interface PortForward {
  /**
   * Transport protocol.
   */
  protocol: "udp" | "tcp";
  /**
   * First (or only) port forwarded.
   */
  port: number;
  /**
   * Last port of a range (inclusive).
   */
  endPort?: number;
  /**
   * What the forward is for.
   */
  description?: string;
}

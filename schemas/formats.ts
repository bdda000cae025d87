// The string formats used by lab.schema.json: one table, used by the validator (ajv formats),
// by its error messages ("must be …") and by the reference docs.
import { parseCidr, parseIpv4, parseIpv4Range } from "./net/ipv4.ts";

export interface StringFormat {
  /** Completes "must be …" in error messages and describes the type in the docs. */
  readonly description: string;
  readonly validate: (value: string) => boolean;
}

const hostnameLabel = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  return value.split(".").every((label) => hostnameLabel.test(label));
}

function isHost(value: string): boolean {
  return parseIpv4(value) !== undefined || (isHostname(value) && !/^[0-9.]+$/.test(value));
}

let timeZones: Set<string> | undefined;
function isTimeZone(value: string): boolean {
  timeZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/UTC"]);
  return timeZones.has(value);
}

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isDialPattern(value: string): boolean {
  // digits, X/N/Z wildcards, [sets], * and #, an optional leading + and an optional trailing "."
  return /^\+?(?:[0-9XNZxnz*#]|\[(?:[0-9](?:-[0-9])?)+\])+\.?$/.test(value);
}

export const stringFormats: Readonly<Record<string, StringFormat>> = {
  ipv4: { description: "an IPv4 address like 172.16.0.10", validate: (v) => parseIpv4(v) !== undefined },
  "ipv4-cidr": {
    description: "an IPv4 address with a prefix length like 172.16.0.10/24",
    validate: (v) => parseCidr(v) !== undefined,
  },
  "ipv4-range": {
    description: "an IPv4 address or a range like 172.16.0.1-172.16.0.99",
    validate: (v) => parseIpv4Range(v) !== undefined,
  },
  hostname: { description: "a host name like pbx.example.com", validate: isHostname },
  host: { description: "a host name or an IPv4 address", validate: isHost },
  "host-port": {
    description: "host:port like stun.example.com:3478",
    validate: (v) => {
      const m = /^(.+):(\d{1,5})$/.exec(v);
      return m !== null && isHost(m[1]!) && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
    },
  },
  "iana-timezone": { description: "an IANA time zone like Europe/Paris", validate: isTimeZone },
  locale: { description: "a locale like en-US", validate: (v) => /^[a-z]{2,3}(?:-[A-Z]{2})?$/.test(v) },
  digits: { description: 'a string of digits like "100" (quote it)', validate: (v) => /^[0-9]+$/.test(v) },
  "dtmf-digits": {
    description: 'a string of keypad digits like "1", "13" or "*0"',
    validate: (v) => /^[0-9*#]+$/.test(v),
  },
  "dial-string": {
    description: 'a number to dial like "*97" or "800"',
    validate: (v) => /^\+?[0-9*#]+$/.test(v),
  },
  "phone-number": {
    description: 'a phone number of digits with an optional leading + like "15550123"',
    validate: (v) => /^\+?[0-9]+$/.test(v),
  },
  "dial-pattern": {
    description: 'a dial pattern like "NXXNXXXXXX", "1NXXNXXXXXX", "011." or "911"',
    validate: isDialPattern,
  },
  "time-of-day": {
    description: "a time of day HH:MM like 09:00",
    validate: (v) => /^(?:[01][0-9]|2[0-3]):[0-5][0-9]$/.test(v) || v === "24:00",
  },
  date: { description: "a date YYYY-MM-DD like 2026-12-25", validate: isDate },
  identifier: {
    description: "a name of letters, digits, '-', '_' or '.' like main or desk-7821",
    validate: (v) => /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(v),
  },
  "secret-name": {
    description:
      "a secret name of letters, digits, '-', '_' or '.' starting with a letter, like trunkPassword",
    validate: (v) => /^[A-Za-z][A-Za-z0-9_.-]*$/.test(v),
  },
  "unix-user": {
    description: "a lowercase Unix user name like pibx",
    validate: (v) => /^[a-z_][a-z0-9_-]{0,31}$/.test(v),
  },
  "ssh-public-key": {
    description: 'an OpenSSH public key line like "ssh-ed25519 AAAA… comment"',
    validate: (v) =>
      /^(?:ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/]+={0,3}(?: .*)?$/.test(
        v,
      ),
  },
  "debian-package": {
    description: "a Debian package name like tcpdump",
    validate: (v) => /^[a-z0-9][a-z0-9+.-]+$/.test(v),
  },
  "provisioning-url": {
    description: "an http://, https:// or tftp:// URL like http://172.16.0.10/prov/$PN/$MA.xml",
    validate: (v) => /^(?:https?|tftp):\/\/[^\s/]+(?:\/\S*)?$/.test(v),
  },
};

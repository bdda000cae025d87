// A DeviceProvisioning for unit tests: extension 100 on a desk phone in New York, a BLF key.
import type { DeviceProvisioning, Vendor } from "../device-provisioning.ts";

export const SAMPLE_PASSWORD = "s3cret&<pass>";

export function sampleDevice(
  vendor: Vendor,
  overrides: Partial<DeviceProvisioning> = {},
): DeviceProvisioning {
  return {
    id: "desk-1",
    vendor,
    model: "7821",
    mac: "001b54aabbcc",
    stationName: "Operator",
    lines: [
      {
        index: 1,
        extension: "100",
        displayName: "Operator",
        label: "Operator",
        authUser: "100",
        password: SAMPLE_PASSWORD,
      },
    ],
    keys: [{ position: 2, kind: "blf", number: "101", label: "Alice" }],
    server: { domain: "pbx.home.arpa", host: "172.16.0.10", port: 5060, transport: "udp" },
    dialPlan: ["XXX", "*97", "911", "1NXXNXXXXXX", "011."],
    ntpServers: ["172.16.0.1", "pool.ntp.org"],
    timeZone: {
      iana: "America/New_York",
      standardOffsetMinutes: -300,
      standardAbbreviation: "EST",
      dst: {
        savingMinutes: 60,
        abbreviation: "EDT",
        start: { month: 3, week: 2, weekday: 7, hour: 2 },
        end: { month: 11, week: 1, weekday: 7, hour: 2 },
      },
    },
    dscp: { rtp: 46, sip: 24 },
    dtmfPayloadType: 101,
    voicemailNumber: "*97",
    resync: {
      url: "http://172.16.0.10/prov/d/TOKEN123/$PN/$MA.xml",
      user: "desk-1",
      password: "digest-pw",
      periodicSeconds: 3600,
    },
    ...overrides,
  };
}

// The provisioning config the Pulumi side pushes to the appliance. The appliance declares the
// same shapes (appliance/provisioning/device-provisioning.ts, provisioning-config.ts); infra/
// and appliance/ may not import each other, so test/provisioning checks at compile time that
// each is assignable to the other.

export type ProvisioningVendor =
  | "cisco-mpp"
  | "cisco-sip"
  | "yealink"
  | "grandstream"
  | "polycom"
  | "snom"
  | "linphone";

export interface PlannedLine {
  readonly index: number;
  readonly extension: string;
  readonly displayName: string;
  readonly label: string;
  readonly authUser: string;
  readonly password: string;
}

export interface PlannedKey {
  readonly position: number;
  readonly kind: "blf" | "speedDial";
  readonly number: string;
  readonly label: string;
}

export interface PlannedTransition {
  readonly month: number;
  readonly week: number;
  readonly weekday: number;
  readonly hour: number;
}

export interface PlannedTimeZone {
  readonly iana: string;
  readonly standardOffsetMinutes: number;
  readonly standardAbbreviation: string;
  readonly dst?: {
    readonly savingMinutes: number;
    readonly abbreviation: string;
    readonly start: PlannedTransition;
    readonly end: PlannedTransition;
  };
}

export interface PlannedDevice {
  readonly id: string;
  readonly vendor: ProvisioningVendor;
  readonly model: string;
  readonly mac?: string;
  readonly stationName: string;
  readonly lines: readonly PlannedLine[];
  readonly keys: readonly PlannedKey[];
  readonly server: {
    readonly domain: string;
    readonly host: string;
    readonly port: number;
    readonly transport: "udp" | "tcp" | "tls";
  };
  readonly dialPlan: readonly string[];
  readonly ntpServers: readonly string[];
  readonly timeZone: PlannedTimeZone;
  readonly dscp: { readonly rtp: number; readonly sip: number };
  readonly dtmfPayloadType: number;
  readonly voicemailNumber: string;
  readonly resync: {
    readonly url: string;
    readonly user: string;
    readonly password: string;
    readonly periodicSeconds: number;
  };
}

export interface PlannedProvisionedDevice {
  readonly device: PlannedDevice;
  readonly token: string;
  readonly firstContact: "until-enrolled" | "always" | "never";
}

export interface PlannedProvisioningConfig {
  readonly pathPrefix: string;
  readonly ciscoMppProfileUrl: string;
  readonly lanPrefixes: readonly string[];
  readonly onboardingKey: string;
  readonly devices: readonly PlannedProvisionedDevice[];
}

/** Per-device access secrets, generated and kept (as Pulumi secrets) by the Pulumi side. */
export interface DeviceAccessSecret {
  /** URL token, e.g. 24 random URL-safe characters. */
  readonly token: string;
  /** Digest password the phone is given for its later fetches. */
  readonly password: string;
}

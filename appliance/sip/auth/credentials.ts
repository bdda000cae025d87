// Where the authenticator finds a user's secret: HA1 per realm and algorithm (RFC 7616 §3.4.2),
// so the appliance can run without plain passwords when the config carries only HA1s.
import { computeHa1 } from "./digest-compute.ts";
import type { DigestAlgorithm } from "./digest-hash.ts";

export type Ha1Set = Partial<Record<DigestAlgorithm, string>>;

export interface CredentialStore {
  /** The HA1s of username in realm, or undefined when there is no such user. */
  lookup(username: string, realm: string): Ha1Set | undefined;
}

export interface UserSecret {
  username: string;
  /** Either a password (every algorithm's HA1 is derived from it) ... */
  password?: string;
  /** ... or precomputed HA1s (lower-case hex) for the realm. */
  ha1?: Ha1Set;
}

/** An in-memory store built from the config: HA1s are computed once, passwords then dropped. */
export class StaticCredentialStore implements CredentialStore {
  private readonly users = new Map<string, Ha1Set>();

  constructor(
    private readonly realm: string,
    secrets: readonly UserSecret[],
    algorithms: readonly DigestAlgorithm[] = ["SHA-256", "MD5"],
  ) {
    for (const s of secrets) {
      const set: Ha1Set = { ...(s.ha1 ?? {}) };
      if (s.password !== undefined) {
        for (const alg of algorithms) set[alg] ??= computeHa1(alg, s.username, realm, s.password);
      }
      this.users.set(s.username, set);
    }
  }

  lookup(username: string, realm: string): Ha1Set | undefined {
    return realm === this.realm ? this.users.get(username) : undefined;
  }

  has(username: string): boolean {
    return this.users.has(username);
  }
}

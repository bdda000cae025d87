// Writes an appliance config for integration tests: loopback, ephemeral ports, a temp state dir.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestExtension {
  number: string;
  password: string;
}

export const TEST_EXTENSIONS: readonly TestExtension[] = [
  { number: "100", password: "secret-100-pw" },
  { number: "101", password: "secret-101-pw" },
  { number: "2001", password: "secret-2001-pw" },
];

export interface TestConfigOptions {
  /** Fixed ports (default 0: ephemeral, read back from the "appliance ready" log line). */
  udpPort?: number;
  tcpPort?: number;
  listen?: string;
  extensions?: readonly TestExtension[];
  /** Deep-merged over the defaults. */
  overrides?: Record<string, unknown>;
}

export interface TestConfig {
  dir: string;
  configPath: string;
  stateDir: string;
  config: Record<string, unknown>;
}

export function writeTestConfig(
  o: TestConfigOptions = {},
  dir = mkdtempSync(join(tmpdir(), "pibx-appliance-")),
): TestConfig {
  const stateDir = join(dir, "state");
  mkdirSync(stateDir, { recursive: true });
  const base: Record<string, unknown> = {
    version: 1,
    site: { name: "Test", domain: "pibx.test" },
    sip: {
      listen: o.listen ?? "127.0.0.1",
      udp: { enabled: true, port: o.udpPort ?? 0 },
      tcp: { enabled: true, port: o.tcpPort ?? 0 },
    },
    extensions: (o.extensions ?? TEST_EXTENSIONS).map((e) => ({ number: e.number, password: e.password })),
    registrar: { minExpires: 10, maxExpires: 3600, defaultExpires: 600 },
    protection: { requestsPerSecond: 200, burst: 400 },
    stateDir,
    log: { level: "info" },
  };
  const config = merge(base, o.overrides ?? {});
  const configPath = join(dir, "appliance.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2), { mode: 0o600 });
  return { dir, configPath, stateDir, config };
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] =
      v && typeof v === "object" && !Array.isArray(v) && cur && typeof cur === "object" && !Array.isArray(cur)
        ? merge(cur as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

// The appliance config the boot test's seed carries: minimal and valid (checked against
// schemas/appliance-config), listening for SIP on the recipe's port on every address, its state in
// the unit's state directory. The secrets are fixed test values, never in the image.
import { validateApplianceConfig } from "../../schemas/appliance-config/index.ts";

export const SEED_SECRET = "seed-secret-not-in-image";

export function seedApplianceConfig(o: { sipUdpPort: number; sipTcpPort: number; name?: string }): object {
  const config = {
    version: 1,
    site: { name: o.name ?? "Boot test", domain: "pibx.test" },
    sip: {
      listen: "0.0.0.0",
      udp: { enabled: true, port: o.sipUdpPort },
      tcp: { enabled: true, port: o.sipTcpPort },
    },
    extensions: [
      { number: "100", password: SEED_SECRET },
      { number: "101", password: "boot-test-secret-101" },
    ],
    stateDir: "/var/lib/pibx",
    log: { level: "info" },
  };
  const checked = validateApplianceConfig(config);
  if (!checked.ok) throw new Error(`seed config invalid: ${JSON.stringify(checked.problems)}`);
  return config;
}

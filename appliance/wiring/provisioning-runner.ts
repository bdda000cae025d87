// The phone provisioning servers (HTTP, and TFTP when enabled) run from the config's
// `provisioning` section; a reload that changes the section rebuilds them (same ports: the old
// sockets are closed first), one that does not leaves them (and their transfers) alone.
import type {
  DeepReadonly,
  Provisioning as ProvisioningSection,
} from "../../schemas/appliance-config/index.ts";
import type { Clock, Logger } from "../base/index.ts";
import { createProvisioning, type Provisioning, type ProvisioningConfig } from "../provisioning/index.ts";

// One shape on both sides, checked here at compile time: the section minus its server ports is
// the provisioning code's ProvisioningConfig (the Pulumi side is checked against the same type in
// infra/plan/appliance-config.ts).
type Shared = Omit<ProvisioningSection, "httpListen" | "httpPort" | "tftp">;
const _sectionFits = (s: Shared): ProvisioningConfig => s;
const _configFits = (c: ProvisioningConfig): DeepReadonly<Shared> => c;
void _sectionFits;
void _configFits;

export interface ProvisioningEndpoints {
  http?: { address: string; port: number };
  tftp?: { port: number };
}

export class ProvisioningRunner {
  private current: { key: string; prov: Provisioning; endpoints: ProvisioningEndpoints } | undefined;

  constructor(private readonly deps: { clock: Clock; log: Logger; stateDir: string }) {}

  get endpoints(): ProvisioningEndpoints {
    return this.current?.endpoints ?? {};
  }

  /** Starts, rebuilds or stops the servers for `section`; returns whether anything changed. */
  async apply(section: ProvisioningSection | undefined): Promise<boolean> {
    const key = JSON.stringify(section ?? null);
    if (this.current?.key === key || (!this.current && !section)) return false;
    await this.close();
    if (!section) return true;
    const prov = createProvisioning(section, this.deps);
    try {
      const endpoints: ProvisioningEndpoints = {};
      const http = await prov.http.listen(section.httpPort, section.httpListen);
      endpoints.http = { address: http.address, port: http.port };
      if (section.tftp.enabled)
        endpoints.tftp = { port: await prov.tftp.listen(section.tftp.port, section.httpListen) };
      this.current = { key, prov, endpoints };
      this.deps.log.info("provisioning serving", { ...endpoints, devices: section.devices.length });
    } catch (err) {
      await prov.close();
      throw err;
    }
    return true;
  }

  /** Idempotent. */
  async close(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    if (c) await c.prov.close();
  }
}

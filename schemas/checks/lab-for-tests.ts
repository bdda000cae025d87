// A small valid lab (defaults filled in) for the checks' unit tests to modify.
import type { Lab } from "../generated/lab.ts";
import { loadLabText } from "../load-lab.ts";

const text = `
site: { name: Test, domain: pbx.test, timezone: UTC }
appliance:
  hostname: pibx
  lan: { address: 172.16.0.10/24, gateway: 172.16.0.1, dns: [172.16.0.1] }
  ssh: { user: pibx, authorizedKeys: ["ssh-ed25519 AAAAC3NzaTest test"] }
secrets:
  ext100: { generate: password }
  ext101: { generate: password }
  vm100: { generate: pin }
  trunk: { from: config }
extensions:
  - { number: "100", name: Operator, password: { secret: ext100 }, voicemail: { pin: { secret: vm100 } } }
  - { number: "101", name: Alice, password: { secret: ext101 } }
trunks:
  - name: provider
    host: 203.0.113.10
    username: "15550123"
    password: { secret: trunk }
    dids: [{ number: "15550123", destination: { extension: "100" } }]
    outbound: { patterns: ["NXXNXXXXXX", "911"] }
emergency: { numbers: ["911"] }
network:
  labRouter:
    kind: linux
    management: { address: 172.16.0.1, username: root }
    interfaces:
      inside: { name: eth1, address: 172.16.0.1/24 }
      outside: { name: eth0, dhcp: true }
    dhcpPools:
      - name: lab
        network: 172.16.0.0/24
        excluded: ["172.16.0.1-172.16.0.99"]
        defaultRouter: 172.16.0.1
        dns: [172.16.0.1]
`;

/** A fresh copy each call: tests change it freely. */
export function labForTests(): Lab {
  const { lab, diagnostics } = loadLabText(text, "lab-for-tests.yaml");
  if (lab === undefined || diagnostics.length > 0) {
    throw new Error(`lab-for-tests is not clean: ${JSON.stringify(diagnostics)}`);
  }
  return lab;
}

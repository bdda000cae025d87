// The text to paste on the console of a factory-fresh router so that pibx can reach it over SSH.
// Secrets are placeholders: the operator types them on the console, they never enter a file.
import { prefixToMask } from "../ipv4.ts";
import type { RouterIntent } from "../router-intent.ts";

export function renderBootstrapSnippet(intent: RouterIntent): string {
  const mgmt = intent.interfaces.find(
    (i) => i.addressing.kind === "static" && i.addressing.address === intent.management.address,
  );
  const lines = [
    "enable",
    "configure terminal",
    `hostname ${intent.hostname}`,
    // RSA keys are named after hostname + domain: both must exist before the key is generated.
    `ip domain name ${intent.domainName}`,
    `username ${intent.management.username} privilege 15 secret <${intent.management.passwordSecret ?? "password"}>`,
    ...(intent.management.enableSecret ? [`enable secret <${intent.management.enableSecret}>`] : []),
    ...(mgmt && mgmt.addressing.kind === "static"
      ? [
          `interface ${mgmt.name}`,
          ` ip address ${mgmt.addressing.address} ${prefixToMask(mgmt.addressing.prefixLength)}`,
          " no shutdown",
          " exit",
        ]
      : []),
    // 2048-bit keys need IOS 15.x or 12.4(T); older images top out at 2048 too but take minutes.
    "crypto key generate rsa modulus 2048",
    "ip ssh version 2",
    "line vty 0 4",
    " login local",
    " transport input ssh",
    " exit",
    "end",
    "write memory",
  ];
  return `${lines.join("\n")}\n`;
}

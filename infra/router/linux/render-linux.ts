// RouterIntent → the Linux router's desired state (pure).
import { RouterIntentError } from "../router-errors.ts";
import type { RouterIntent } from "../router-intent.ts";
import {
  DEFAULT_LINUX_PATHS,
  type LinuxDesiredState,
  type LinuxRenderOptions,
} from "./linux-desired-state.ts";
import { renderDnsmasq } from "./render-dnsmasq.ts";
import { renderNftTables } from "./render-nftables.ts";
import { renderTc } from "./render-tc.ts";

const DEVICE_NAME = /^[A-Za-z0-9_.@:-]{1,15}$/;

export function renderLinux(intent: RouterIntent, options: LinuxRenderOptions = {}): LinuxDesiredState {
  if (intent.kind !== "linux") throw new RouterIntentError("kind", `not a Linux router: ${intent.kind}`);
  for (const i of intent.interfaces)
    if (!DEVICE_NAME.test(i.name))
      throw new RouterIntentError(`interfaces.${i.name}`, "not a Linux interface name (1–15 characters)");
  const paths = options.paths ?? DEFAULT_LINUX_PATHS;
  const dnsmasq = renderDnsmasq(intent, paths);
  return {
    tables: renderNftTables(intent),
    ...(dnsmasq ? { dnsmasq } : {}),
    shaping: renderTc(intent, options),
    addresses: intent.interfaces.flatMap((i) =>
      i.addressing.kind === "static"
        ? [{ device: i.name, address: i.addressing.address, prefixLength: i.addressing.prefixLength }]
        : [],
    ),
    ...(intent.defaultRoute.via === "next-hop" ? { defaultGateway: intent.defaultRoute.nextHop } : {}),
    ipForward: true,
    paths,
  };
}

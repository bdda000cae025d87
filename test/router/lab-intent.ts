// The virtual lab's router intent with the lab router's real interface names: lab.yaml says
// eth0/eth1 (as a real Linux router would have), the lab's namespaces call them pibx-lr-wan/-lan.
import type { RouterIntent } from "../../infra/router/router-intent.ts";

export function renameInterfaces(intent: RouterIntent, names: Record<string, string>): RouterIntent {
  const n = (name: string) => names[name] ?? name;
  return {
    ...intent,
    interfaces: intent.interfaces.map((i) => ({ ...i, name: n(i.name) })),
    ...(intent.nat ? { nat: { ...intent.nat, outsideInterface: n(intent.nat.outsideInterface) } } : {}),
    portForwards: intent.portForwards.map((f) => ({ ...f, outsideInterface: n(f.outsideInterface) })),
  };
}

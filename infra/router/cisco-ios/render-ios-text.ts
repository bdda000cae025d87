// The rendered sections as one configuration text: what a person would paste in `configure terminal`,
// and what the golden files hold. Each section opens with a `! pibx:<id>` comment (IOS ignores `!`).
import { nodesToText } from "./config-node.ts";
import type { IosDesiredConfig } from "./ios-desired-config.ts";

export function renderIosText(desired: IosDesiredConfig): string {
  const out: string[] = [];
  for (const section of desired.sections) {
    out.push(`! pibx:${section.id}`);
    const lines = nodesToText(section.nodes);
    if (section.kind === "interface") {
      // The interface's `absent` lines become their `no` form, inside the interface.
      lines.push(...(section.absent ?? []).map((l) => ` no ${l}`));
    }
    out.push(...lines, "!");
  }
  return `${out.join("\n")}\n`;
}

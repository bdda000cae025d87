// npm run lab [-- up | down | status | exec <box> <cmd…>]   (no argument: up)
import { spawnSync } from "node:child_process";
import { down, status, up } from "./lab.ts";
import { LabError } from "./lab-error.ts";
import { isBoxName, netnsOf } from "./topology.ts";

const usage = "usage: npm run lab [-- up | down | status | exec <box> <cmd…>]";

async function main(argv: readonly string[]): Promise<number> {
  const [command = "up", ...rest] = argv;
  switch (command) {
    case "up": {
      // For the crash test: hold `up` half-way so that it can be killed there.
      const stall = Number(process.env.PIBX_LAB_STALL_MS ?? 0);
      const r = await up({
        log: (l) => console.log(`lab: ${l}`),
        ...(stall > 0 ? { afterDaemonsStarted: () => new Promise((res) => setTimeout(res, stall)) } : {}),
      });
      const s = r.settings;
      console.log(`lab: up in ${r.seconds.toFixed(1)} s`);
      console.log(
        `lab: trunk account ${s.trunk.username} at ${s.realm} (password in ${s.runDir}/state.json)`,
      );
      console.log(
        `lab: DIDs ${s.dids.join(", ")}; pstn ${s.pstn.username}, lte-phone ${s.ltePhone.username}`,
      );
      return 0;
    }
    case "down": {
      const r = await down();
      console.log(`lab: down in ${r.seconds.toFixed(1)} s`);
      return 0;
    }
    case "status": {
      const s = await status();
      console.log(`lab: ${s.up ? `up since ${s.upAt}` : "not up"}`);
      for (const b of s.boxes) {
        const daemons = b.daemons
          .map((d) => `${d.name}[${d.pid}] ${d.healthy ? "healthy" : d.running ? "UNHEALTHY" : "DEAD"}`)
          .join(", ");
        console.log(`${b.box} (${b.present ? b.netns : "absent"})`);
        console.log(`  addresses: ${b.addresses.join(", ") || "-"}`);
        console.log(`  daemons:   ${daemons || "-"}`);
      }
      return s.up ? 0 : 1;
    }
    case "exec": {
      const [box, ...cmd] = rest;
      if (!box || !isBoxName(box) || cmd.length === 0) {
        console.error(usage);
        return 2;
      }
      // Interactive: the command gets this terminal (a shell in a box works).
      const r = spawnSync("ip", ["netns", "exec", netnsOf(box), ...cmd], { stdio: "inherit" });
      return r.status ?? 1;
    }
    default:
      console.error(usage);
      return 2;
  }
}

if (process.getuid?.() !== 0) {
  console.error("lab: needs root (network namespaces)");
  process.exit(1);
}
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof LabError ? `lab: ${e.message}` : e);
    process.exit(1);
  },
);

// npm run lab [-- [--fast] [--lab <lab.yaml>] [--bundle <appliance.mjs>] [--no-smoke]]
//                                                                the whole chain (lab-run.ts)
// npm run lab -- up | down | status | exec <box> <cmd…>          the lab alone, its removal, a look
// npm run lab -- pulumi <args…>                                  pulumi on the lab run's stack
// npm run lab -- smoke                                           the smoke call again
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { readChain } from "./chain-record.ts";
import { findDaemon, isRunning } from "./daemon.ts";
import { status, up } from "./lab.ts";
import { LabError } from "./lab-error.ts";
import { DEFAULT_LAB_FILE, downLab, runLab, smokeAgain } from "./lab-run.ts";
import { DEFAULT_RUN_DIR } from "./options.ts";
import { labStackPaths, pulumiArgv, stackEnv } from "./pulumi-stack.ts";
import { isBoxName, netnsOf } from "./topology.ts";

const usage = `usage: npm run lab [-- [--fast] [--lab <lab.yaml>] [--bundle <appliance.mjs>] [--no-smoke]]
       npm run lab -- up | down [--force] | status | exec <box> <cmd…> | pulumi <args…> | smoke`;
const say = (l: string) => console.log(`lab: ${l}`);

async function chain(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      fast: { type: "boolean", default: false },
      lab: { type: "string", default: DEFAULT_LAB_FILE },
      "no-smoke": { type: "boolean", default: false },
      bundle: { type: "string" },
    },
  });
  const setup = Number(process.env.PIBX_LAB_SETUP_SECONDS);
  const r = await runLab({
    mode: values.fast ? "process" : "image",
    labFile: values.lab,
    smoke: !values["no-smoke"],
    ...(values.bundle ? { bundle: values.bundle } : {}),
    ...(Number.isFinite(setup) && process.env.PIBX_LAB_SETUP_SECONDS ? { setupSeconds: setup } : {}),
    log: say,
  });
  console.log(r.report);
  if (r.ok)
    say(
      "`npm run lab -- pulumi preview` shows what a changed lab file would do; `npm run lab -- down` removes it all",
    );
  else say("the lab stays up for a look (`npm run lab -- status`); `npm run lab -- down` removes it");
  return r.ok ? 0 : 1;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command.startsWith("--")) return chain(argv);
  switch (command) {
    case "up": {
      // The lab alone. For the crash test: hold `up` half-way so that it can be killed there.
      const stall = Number(process.env.PIBX_LAB_STALL_MS ?? 0);
      const r = await up({
        log: say,
        ...(stall > 0 ? { afterDaemonsStarted: () => new Promise((res) => setTimeout(res, stall)) } : {}),
      });
      const s = r.settings;
      say(`up in ${r.seconds.toFixed(1)} s`);
      say(`trunk account ${s.trunk.username} at ${s.realm} (password in ${s.runDir}/state.json)`);
      say(`DIDs ${s.dids.join(", ")}; pstn ${s.pstn.username}, lte-phone ${s.ltePhone.username}`);
      return 0;
    }
    case "down": {
      const r = await downLab(say, rest.includes("--force"));
      say(`down in ${r.seconds.toFixed(1)} s`);
      return 0;
    }
    case "status": {
      const s = await status();
      say(s.up ? `up since ${s.upAt}` : "not up");
      for (const b of s.boxes) {
        const daemons = b.daemons
          .map((d) => `${d.name}[${d.pid}] ${d.healthy ? "healthy" : d.running ? "UNHEALTHY" : "DEAD"}`)
          .join(", ");
        console.log(`${b.box} (${b.present ? b.netns : "absent"})`);
        console.log(`  addresses: ${b.addresses.join(", ") || "-"}`);
        console.log(`  daemons:   ${daemons || "-"}`);
      }
      const record = readChain(DEFAULT_RUN_DIR);
      if (record) {
        const name = record.mode === "image" ? "qemu" : "appliance";
        const d = findDaemon(DEFAULT_RUN_DIR, "pi", name);
        const alive = d !== undefined && isRunning(d);
        console.log(
          `chain: ${record.labFile}, appliance as ${record.mode === "image" ? "the Pi image (qemu)" : "a process"} ${alive ? "running" : "NOT RUNNING"}`,
        );
        for (const p of record.phases)
          console.log(`  ${p.name}: ${p.ok ? "ok" : "FAILED"} in ${p.seconds.toFixed(1)} s (${p.detail})`);
        if (record.smoke)
          console.log(
            `  last smoke call: ${record.smoke.ok ? "ok" : `FAILED at ${record.smoke.failed?.name}`}`,
          );
        console.log(
          `  stack: npm run lab -- pulumi <args> (state in ${labStackPaths(DEFAULT_RUN_DIR).backendDir})`,
        );
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
    case "pulumi": {
      if (!readChain(DEFAULT_RUN_DIR)) throw new LabError("no lab run with a stack: run `npm run lab` first");
      const argvP = pulumiArgv(rest);
      const r = spawnSync(argvP[0]!, argvP.slice(1), {
        stdio: "inherit",
        cwd: labStackPaths(DEFAULT_RUN_DIR).projectDir,
        env: stackEnv(DEFAULT_RUN_DIR),
      });
      return r.status ?? 1;
    }
    case "smoke": {
      const r = await smokeAgain((l) => say(`smoke: ${l}`));
      say(
        r.ok
          ? `smoke call ok: ${r.plan}`
          : `smoke call FAILED at step "${r.failed?.name}": ${r.failed?.detail}`,
      );
      return r.ok ? 0 : 1;
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

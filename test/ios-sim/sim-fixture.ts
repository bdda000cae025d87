// TEST DOUBLE helper — a simulator booted from the factory-like 1841 fixture, closed by the test.
import { readFileSync } from "node:fs";
import type { IosTarget } from "../../infra/router/cisco-ios/ios-shell.ts";
import { IosSim, type IosSimOptions } from "./ios-sim-server.ts";

export const FACTORY_1841 = readFileSync(new URL("./fixtures/factory-1841.txt", import.meta.url), "utf8");

export const USER = { username: "pibx", password: "lab-router-pw", privilege: 1 };
export const ADMIN = { username: "admin", password: "admin-pw", privilege: 15 };
export const ENABLE_SECRET = "enable-me";

export function startSim(
  initialConfig = FACTORY_1841,
  extra: Pick<IosSimOptions, "dhcpLeases"> = {},
): Promise<IosSim> {
  return IosSim.start({ initialConfig, users: [USER, ADMIN], enableSecret: ENABLE_SECRET, ...extra });
}

export function targetOf(sim: IosSim, user = USER): IosTarget {
  return {
    kind: "cisco-ios",
    host: sim.host,
    port: sim.port,
    username: user.username,
    password: user.password,
    enableSecret: ENABLE_SECRET,
    timeoutMs: 5000,
  };
}

// Waiting for a socket to listen inside a box: polls `ss` in the namespace (works for UDP too,
// where a connect() proves nothing).
import { run } from "./shell.ts";
import { sleep } from "./sleep.ts";
import { type BoxName, netnsOf } from "./topology.ts";

export type Proto = "udp" | "tcp";

export async function isListening(box: BoxName, proto: Proto, port: number): Promise<boolean> {
  const r = await run(
    ["ip", "netns", "exec", netnsOf(box), "ss", "-Hln", proto === "udp" ? "-u" : "-t", `sport = :${port}`],
    { timeoutMs: 5000 },
  );
  return r.code === 0 && r.stdout.trim().length > 0;
}

/**
 * Resolves true once something listens on proto/port in the box, false after `timeoutMs` or as
 * soon as `stillWorthWaiting` says the owner died.
 */
export async function waitForPort(
  box: BoxName,
  proto: Proto,
  port: number,
  timeoutMs: number,
  stillWorthWaiting: () => boolean = () => true,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isListening(box, proto, port)) return true;
    if (Date.now() >= deadline || !stillWorthWaiting()) return false;
    await sleep(100);
  }
}

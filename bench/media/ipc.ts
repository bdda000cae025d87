// Request/response over a child process's IPC channel, for the benchmark's helper processes.
import type { ChildProcess } from "node:child_process";

export type Message = { id: number; cmd: string; [key: string]: unknown };

export function rpc(child: ChildProcess) {
  let next = 1;
  const waiting = new Map<number, (m: Message) => void>();
  child.on("message", (m: Message) => {
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  return <T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> =>
    new Promise((resolve) => {
      const id = next++;
      waiting.set(id, (m) => resolve(m as unknown as T));
      child.send({ id, cmd, ...args });
    });
}

/** In the child: answers each request with handler's result (tagged with the request id). */
export function serve(handler: (m: Message) => Promise<Record<string, unknown>>): void {
  process.on("message", (m: Message) => {
    handler(m).then(
      (r) => process.send?.({ id: m.id, ...r }),
      (err: unknown) => process.send?.({ id: m.id, error: String(err) }),
    );
  });
}

// A port that is free on 127.0.0.1 for both UDP and TCP right now (for peers that need one fixed).
import { createSocket } from "node:dgram";
import { createServer } from "node:net";

export async function freePort(address = "127.0.0.1"): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const u = createSocket("udp4");
    const port = await new Promise<number>((r) => u.bind(0, address, () => r(u.address().port)));
    const ok = await new Promise<boolean>((r) => {
      const t = createServer();
      t.once("error", () => r(false));
      t.listen(port, address, () => t.close(() => r(true)));
    });
    u.close();
    if (ok) return port;
  }
  throw new Error("no free port");
}

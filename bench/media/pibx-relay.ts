// The pibx relay under test, alone in its own process so its CPU can be measured.
import { cryptoRandom, SystemClock } from "../../appliance/base/index.ts";
import { type MediaSession, RtpRelay } from "../../appliance/media/index.ts";
import { serve } from "./ipc.ts";

const relay = new RtpRelay({
  clock: new SystemClock(),
  random: cryptoRandom,
  bindAddress: "127.0.0.1",
  portRange: { min: 20000, max: 29999 },
  receiveBufferBytes: 1 << 20,
});
let sessions: MediaSession[] = [];

serve(async (m) => {
  switch (m.cmd) {
    case "setup": {
      const calls = m.calls as Array<{ a: number; b: number }>;
      const ports: Array<{ a: number; b: number }> = [];
      for (const c of calls) {
        const s = await relay.createSession();
        const codec = { payloadType: 0, encoding: "PCMU" as const };
        s.setRemote("a", { address: "127.0.0.1", port: c.a, codec });
        s.setRemote("b", { address: "127.0.0.1", port: c.b, codec });
        sessions.push(s);
        // The generator's A end sends to the relay's leg-a port, and B to leg-b.
        ports.push({ a: s.localPort("a"), b: s.localPort("b") });
      }
      return { ports };
    }
    case "cpu":
      return { cpu: process.cpuUsage() };
    case "teardown": {
      let rejected = 0;
      for (const s of sessions) {
        const st = s.stats();
        rejected += st.a.rejected + st.b.rejected;
      }
      await Promise.all(sessions.map((s) => s.close()));
      sessions = [];
      return { rejected };
    }
    case "exit":
      await relay.close();
      setImmediate(() => process.exit(0));
      return {};
    default:
      throw new Error(`unknown command ${m.cmd}`);
  }
});

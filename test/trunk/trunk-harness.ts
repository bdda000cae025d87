// A stand-in for the appliance's trunk wiring, run inside the lab's pi namespace:
//   ip netns exec pibx-pi node --import tsx test/trunk/trunk-harness.ts <base64 JSON HarnessConfig>
// The real SipTransportLayer + TransactionLayer, TrunkRegistration, TrunkInboundRecognizer and
// Blacklist. Each INVITE gets the answer the B2BUA will give once it exists: the blacklist's
// 603/608, 486 for an accepted trunk call (nothing to ring yet), 403 for anything not from the
// trunk. Events go to stdout as JSON lines; commands come on stdin as JSON lines.
import { createSocket } from "node:dgram";
import { createInterface } from "node:readline";
import { cryptoRandom, Logger, RandomIdSource, SystemClock } from "../../appliance/base/index.ts";
import { nodeDatagramPort, PublicAddressTracker, StunClient } from "../../appliance/nat/index.ts";
import { Blacklist, type BlacklistConfig, NANP } from "../../appliance/pbx/blacklist/index.ts";
import {
  TrunkInboundRecognizer,
  TrunkRegistration,
  type TrunkSettings,
  trunkSettings,
} from "../../appliance/pbx/trunk/index.ts";
import { createResponse, SipTransportLayer, TransactionLayer } from "../../appliance/sip/index.ts";

export interface HarnessConfig {
  lanAddress: string;
  sipPort: number;
  trunk: Partial<TrunkSettings> & Pick<TrunkSettings, "name" | "host" | "username" | "password">;
  blacklist: BlacklistConfig;
  /** Also ask this STUN server (RFC 5389) for the public address, from a socket of its own. */
  stunServer?: { address: string; port: number };
}

function emit(event: string, data: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
}

async function main(): Promise<void> {
  const config = JSON.parse(Buffer.from(process.argv[2] ?? "", "base64").toString("utf8")) as HarnessConfig;
  const clock = new SystemClock();
  const ids = new RandomIdSource(cryptoRandom);
  const logger = Logger.create({ level: "info", sink: (line) => process.stderr.write(`${line}\n`) });
  const transport = new SipTransportLayer({
    clock,
    logger,
    udp: { address: "0.0.0.0", port: config.sipPort },
    advertise: { address: config.lanAddress },
  });
  const transactions = new TransactionLayer({ transport, clock, ids, logger });
  const addresses = new PublicAddressTracker({ address: config.lanAddress, port: config.sipPort });
  const settings = trunkSettings(config.trunk);
  const registration = new TrunkRegistration({
    settings,
    clock,
    ids,
    random: cryptoRandom,
    sender: transactions,
    addresses,
    learnFromProvider: true,
    logger,
  });
  const recognizer = new TrunkInboundRecognizer(
    () => [
      { settings, endpoints: () => registration.registrarEndpoints(), contactUser: registration.contactUser },
    ],
    NANP,
    logger,
  );
  let blacklist = new Blacklist(config.blacklist, NANP, logger);

  transactions.setUser({
    onRequest(req, tx, source) {
      if (!tx) return; // ACKs
      const reply = (status: number, reason?: string): void =>
        tx.respond(createResponse(req, status, { toTag: ids.tag(), ...(reason ? { reason } : {}) }));
      if (req.method === "OPTIONS") return reply(200);
      if (req.method !== "INVITE") return reply(req.method === "CANCEL" ? 481 : 405);
      const verdict = recognizer.recognize(req, source);
      const from = { address: source.remote.address, port: source.remote.port };
      if (verdict.kind === "not-trunk") {
        emit("invite", { kind: verdict.kind, why: verdict.why, source: from });
        return reply(403);
      }
      if (verdict.kind === "reject") {
        emit("invite", { kind: "reject", status: verdict.status, did: verdict.did, source: from });
        return reply(verdict.status, verdict.reason);
      }
      const decision = blacklist.check(
        req,
        { prefer: settings.callerIdSource, trustPai: true },
        {
          trunk: verdict.trunk,
          did: verdict.did,
        },
      );
      emit("invite", {
        kind: "trunk",
        did: verdict.did,
        caller: verdict.caller,
        maxForwards: verdict.maxForwards,
        blacklist: decision.action === "reject" ? decision.status : "allow",
        source: from,
      });
      if (decision.action === "reject") return reply(decision.status, decision.reason);
      reply(486, "Busy Here (not wired yet)");
    },
  });
  transport.onMessage((msg, source) => transactions.receive(msg, source));
  await transport.start();

  for (const e of ["registered", "backoff", "failed"] as const)
    registration.events.on(e, (status) => emit(e, { status }));
  emit("ready", { contactUser: registration.contactUser });
  if (config.stunServer) {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "0.0.0.0", resolve));
    const stun = new StunClient({ clock, random: cryptoRandom, socket: nodeDatagramPort(socket) });
    stun
      .bind(config.stunServer)
      .then((mapped) => emit("stun", { mapped }))
      .catch((err: unknown) => emit("stun", { error: String(err) }))
      .finally(() => socket.close());
  }
  await registration.start();

  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    registration.close();
    transactions.close();
    await transport.close();
    emit("closed", {});
    process.exit(0);
  };
  createInterface({ input: process.stdin }).on("line", (line) => {
    const cmd = JSON.parse(line) as { cmd: string; blacklist?: BlacklistConfig };
    if (cmd.cmd === "blacklist" && cmd.blacklist) {
      blacklist = new Blacklist(cmd.blacklist, NANP, logger);
      emit("ack", { cmd: cmd.cmd });
    } else if (cmd.cmd === "status") emit("status", { status: registration.status });
    else if (cmd.cmd === "exit") void close();
  });
  process.stdin.on("end", () => void close());
  process.on("SIGTERM", () => void close());
}

main().catch((err: unknown) => {
  process.stderr.write(`harness failed: ${String(err)}\n`);
  process.exit(1);
});

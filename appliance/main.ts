// The composition root: the only place that wires real sockets, the real clock and the state
// directory to the SIP stack, the registrar, the protection layer and the B2BUA (calls through
// the RTP relay, CDRs in <stateDir>/cdr.jsonl, music on hold from <stateDir>/music-on-hold.wav).
//
//   node dist/appliance.mjs --config /etc/pibx/appliance.json     (or PIBX_CONFIG=…)
//
// PIBX_STATE_DIR overrides the config's stateDir. SIGHUP reloads the config (an invalid file is
// rejected whole and the running config stays; provisioning, trunks, blacklist and dial plan are
// applied in place, a trunk whose settings did not change keeps its registration; calls in
// progress are untouched, new INVITEs see the new policy and extensions);
// SIGTERM/SIGINT close the sockets, flush the bindings and exit 0. An invalid config at startup
// exits 78 (EX_CONFIG) with one `file:path: message` line per problem. `GET /status` on the
// admin endpoint (appliance/wiring/README.md) reports trunks, bindings and the config in force.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ApplianceConfig } from "../schemas/appliance-config/index.ts";
import { cryptoRandom, Logger, type LogLevel, RandomIdSource, SystemClock } from "./base/index.ts";
import {
  ConfigFileError,
  describeConfig,
  dialingOf,
  digestAlgorithms,
  loadConfigFile,
  protectionSettings,
  realmOf,
  registrarSettings,
  userSecrets,
} from "./config/index.ts";
import { RtpRelay } from "./media/index.ts";
import { registrarContacts, relayMediaFactory } from "./pbx/calls/index.ts";
import { JsonlCdrStore } from "./pbx/cdr/index.ts";
import { createPbx } from "./pbx/pbx.ts";
import { AuthGate, SourceGuard } from "./pbx/protection/index.ts";
import { FileBindingStore, installRequestPolicy, Registrar } from "./pbx/registrar/index.ts";
import { PinGuard, VoicemailStore } from "./pbx/voicemail/index.ts";
import { PromptLibrary, renderPromptSet } from "./prompts/index.ts";
import {
  DigestAuthenticator,
  NonceCountTracker,
  NonceService,
  StaticCredentialStore,
} from "./sip/auth/index.ts";
import { DialogLayer } from "./sip/dialog/index.ts";
import {
  type Endpoint,
  SipTransportLayer,
  TransactionLayer,
  type TransportLayerOptions,
} from "./sip/index.ts";
import { sipUri } from "./sip/message/index.ts";
import { UaCore } from "./sip/ua/index.ts";
import { loadOrCreateSecret } from "./store/index.ts";
import {
  AdmittedRoutes,
  APPLIANCE_VERSION,
  type ApplianceStatus,
  bindingResolver,
  CallPolicyState,
  ContactTokens,
  devicesToResync,
  featureSettings,
  InviteAdmission,
  type InvitePolicyDeps,
  lanAddress,
  MwiSender,
  OutboundRoutes,
  OutsideLegs,
  ProvisioningRunner,
  type PublicAddressRuntime,
  pbxConfig,
  promptSet,
  ResyncSender,
  routingTable,
  StatusEndpoint,
  startPublicAddress,
  TrunkSet,
  trunkView,
} from "./wiring/index.ts";

export interface ApplianceHandle {
  readonly udp: Endpoint | undefined;
  readonly tcp: Endpoint | undefined;
  readonly tls: Endpoint | undefined;
  /** The local admin endpoint (`GET /status`). */
  readonly admin: Endpoint | undefined;
  /** What `GET /status` answers. */
  status(): ApplianceStatus;
  /**
   * Re-reads the config file; false (and nothing changed) when it is invalid. The trunks and
   * provisioning servers are then applied asynchronously: `applied` resolves when done.
   */
  reload(): boolean;
  /** Settles when the last reload's trunk/provisioning changes are in place. */
  readonly applied: Promise<void>;
  /** Idempotent: closes sockets and transactions, flushes bindings. */
  close(): Promise<void>;
}

export interface StartOptions {
  configPath: string;
  /** Overrides the config's stateDir (PIBX_STATE_DIR). */
  stateDir?: string;
  logger?: Logger;
}

export async function startAppliance(options: StartOptions): Promise<ApplianceHandle> {
  let config = loadConfigFile(options.configPath);
  let configSha256 = fileSha256(options.configPath);
  const startedAt = new Date().toISOString();
  const logger = options.logger ?? Logger.create({ level: config.log.level as LogLevel });
  const clock = new SystemClock();
  const ids = new RandomIdSource(cryptoRandom);
  const stateDir = resolve(options.stateDir ?? config.stateDir);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });

  // Nonces are HMACs under a key kept in the state dir: they stay valid across restarts.
  const nonceKey = loadOrCreateSecret(join(stateDir, "nonce.key"));
  const nonceCounts = new NonceCountTracker(50_000);
  const registrar = new Registrar({
    store: new FileBindingStore(stateDir),
    clock,
    domain: config.site.domain,
    settings: registrarSettings(config),
    logger,
  });
  await registrar.start();
  // The trunk provider's addresses join the allow list once resolved: never limited or banned.
  let trunks: TrunkSet | undefined;
  const protection = (c: ApplianceConfig) => {
    const p = protectionSettings(c);
    return { ...p, allowList: [...p.allowList, ...(trunks?.trustedAddresses() ?? [])] };
  };
  const guard = new SourceGuard({
    clock,
    logger,
    settings: protectionSettings(config),
    isTrusted: (address) =>
      registrar.hasLiveBinding(address) || (trunks?.trustedAddresses().includes(address) ?? false),
  });
  const calls = new CallPolicyState(config, clock, logger);

  const buildGate = (c: ApplianceConfig): { gate: AuthGate; extensions: Set<string> } => {
    const realm = realmOf(c);
    const authenticator = new DigestAuthenticator({
      realm,
      credentials: new StaticCredentialStore(realm, userSecrets(c), digestAlgorithms(c)),
      nonces: new NonceService({ secret: nonceKey, lifetimeSeconds: c.auth.nonceLifetimeSeconds }),
      nonceCounts,
      now: () => clock.wallTime().getTime(),
      algorithms: digestAlgorithms(c),
      opaque: createHash("sha256").update(nonceKey).update("opaque").digest("base64url").slice(0, 22),
    });
    return {
      gate: new AuthGate(authenticator, guard, logger),
      extensions: new Set(c.extensions.map((e) => e.number)),
    };
  };
  let current = buildGate(config);

  const transportOptions: TransportLayerOptions = {
    clock,
    logger,
    hooks: {
      // Before any parsing: a banned or flooding source gets no answer at all.
      allowPacket: (_protocol, remote) => guard.allowPacket(remote.address),
      allowConnection: (_protocol, remote) => guard.allowPacket(remote.address),
    },
  };
  const sip = config.sip;
  if (sip.advertise) transportOptions.advertise = { address: sip.advertise };
  if (sip.udp.enabled) transportOptions.udp = { address: sip.listen, port: sip.udp.port };
  if (sip.tcp.enabled) transportOptions.tcp = { address: sip.listen, port: sip.tcp.port };
  if (sip.tls.enabled && sip.tls.certFile && sip.tls.keyFile) {
    transportOptions.tls = {
      address: sip.listen,
      port: sip.tls.port,
      cert: readFileSync(sip.tls.certFile),
      key: readFileSync(sip.tls.keyFile),
    };
  }
  const transport = new SipTransportLayer(transportOptions);
  const transactions = new TransactionLayer({ transport, clock, ids, logger });
  // RFC 3261 §8.2.3: bodies we cannot handle get 415 with Accept (RFC 4475 §3.3.6).
  const ua = new UaCore({
    ids,
    logger,
    acceptedContentTypes: ["application/sdp"],
    ...(sip.userAgent ? { server: sip.userAgent } : {}),
  });
  installRequestPolicy(ua, {
    gate: () => current.gate,
    registrar,
    isExtension: (user) => current.extensions.has(user),
    matchesInvite: (cancel) => transactions.findInviteForCancel(cancel) !== undefined,
  });
  let publicAddress: PublicAddressRuntime = startPublicAddress(config, {
    clock,
    random: cryptoRandom,
    logger,
  });
  // Toward the trunk: the public address in Contact and SDP (the tracker is replaced on reload).
  const trunkSide = () => publicAddress.tracker.advertise("trunk");
  const legs = new OutsideLegs(trunkSide);
  // The trunks' Contact tokens survive restarts (a provider may still hold the old binding).
  const contactTokens = new ContactTokens(join(stateDir, "trunk-contacts.json"), ids, logger);
  const trunkSet = new TrunkSet({
    clock,
    ids,
    random: cryptoRandom,
    sender: transactions,
    logger,
    contactToken: (name) => contactTokens.tokenFor(name),
    ...(sip.userAgent ? { userAgent: sip.userAgent } : {}),
    onChange: () => {
      guard.updateSettings(protection(config));
      if (config.admin.statusFile) void statusEndpoint.writeFile(stateDir);
    },
  });
  trunks = trunkSet;
  let recognizer = legs.recognizer(() => trunkSet.inbound(), dialingOf(config), logger);
  // Outbound calls the policy admitted, handed to the B2BUA with the trunk leg planned.
  const outbound = new OutboundRoutes({
    clock,
    trunk: (name) => trunkSet.outbound(name),
    publicAddress: trunkSide,
    cnonce: () => ids.token(16),
    logger,
  });
  // The INVITE policy (trunk recognition, blacklist, auth gate, dial plan); InviteAdmission
  // applies it before the B2BUA sees an INVITE.
  const policy: InvitePolicyDeps = {
    recognizer: () => recognizer,
    trunkSettings: (name) => trunkSet.inbound().find((t) => t.settings.name === name)?.settings,
    blacklist: () => calls.blacklist,
    gate: () => current.gate,
    router: () => calls.dialPlan,
    limiter: calls.limiter,
    outbound,
    logger,
  };
  transport.onMessage((msg, source) => transactions.receive(msg, source));
  await transport.start();
  // Nothing is received before the synchronous setup below completes (no await until createPbx).
  const sipAddress = transport.address("UDP") ?? transport.address("TCP");
  // advertise, the listen address, or the first LAN IPv4 when listening on 0.0.0.0.
  const advertised = lanAddress(config).address;
  // The DialogLayer makes itself the transaction user; requests outside dialogs go on to the UA.
  const dialogs = new DialogLayer({
    transactions,
    clock,
    ids,
    logger,
    contact: sipUri(advertised, { user: "pibx", port: sipAddress?.port ?? sip.udp.port }),
    // Phones behind NAT: a B-leg goes to where the binding's REGISTER came from.
    resolve: bindingResolver(registrar, () => current.extensions),
    // A call from the trunk or the internet is answered with our public Contact.
    contactFor: (req, source) => legs.contact(req, source),
  });
  dialogs.setUser(ua);
  // Initial INVITEs pass the UA core's checks and the policy before the dialog layer sees them.
  const admission = new InviteAdmission(ua, dialogs, () => policy);
  ua.handle("INVITE", admission.handler);
  transactions.setUser(admission);
  const relay = new RtpRelay({
    clock,
    random: cryptoRandom,
    bindAddress: sip.listen,
    portRange: { min: config.rtp.min, max: config.rtp.max },
  });
  const cdr = new JsonlCdrStore(join(stateDir, "cdr.jsonl"));
  cdr.open();
  // Built once from the startup config: SIGHUP leaves calls in progress alone. The admission
  // reads the reloaded gate, dial plan and blacklist on each INVITE, the router the extensions.
  const admitted = new AdmittedRoutes();
  let routes = routingTable(config);
  // Voicemail (durable messages, PIN lockouts that survive restarts) and the spoken prompts.
  const voicemail = await VoicemailStore.open({
    root: join(stateDir, "voicemail"),
    clock,
    maxMessages: config.voicemail.maxMessages,
    maxMessageSeconds: config.voicemail.maxMessageSeconds,
  });
  const pinGuard = new PinGuard(join(stateDir, "voicemail-pins"), clock, {
    maxFailures: config.voicemail.pinLockoutAfter,
    windowMs: config.voicemail.pinLockoutSeconds * 1000,
    lockoutMs: config.voicemail.pinLockoutSeconds * 1000,
  });
  const prompts = new PromptLibrary();
  const pbx = createPbx({
    dialogs,
    contacts: registrarContacts(registrar),
    auth: admission.authorizer(admitted),
    router: outbound.router(
      admitted.router({
        route: (dialled, caller) => routes.route(dialled, caller),
        resolve: (destination, caller) => routes.resolve(destination, caller),
      }),
    ),
    // c= toward a caller from the trunk or the internet: the public address; the LAN keeps its own.
    media: { ...relayMediaFactory(relay, advertised), callerAddress: (req) => legs.mediaAddress(req) },
    clock,
    ids,
    random: cryptoRandom,
    config: pbxConfig(config, stateDir),
    cdr,
    logger,
    features: { prompts, settings: () => featureSettings(config), voicemail, pinGuard },
  });
  // RFC 3842: a box's owner is told when its counts change (unsolicited NOTIFY to its phones).
  const mwi = new MwiSender({
    sender: transactions,
    bindings: registrar,
    ids,
    logger,
    domain: config.site.domain,
    host: advertised,
    port: (p) => transport.address(p)?.port,
    clock,
  });
  voicemail.on("changed", ({ box, counts }) => mwi.countsChanged(box, counts));

  const provisioning = new ProvisioningRunner({ clock, log: logger, stateDir });
  // After a reload, the registered phones whose files changed are told to re-fetch (check-sync).
  const resync = new ResyncSender({
    sender: transactions,
    bindings: registrar,
    ids,
    logger,
    host: advertised,
    port: (p) => transport.address(p)?.port,
  });
  const status = (): ApplianceStatus => ({
    version: APPLIANCE_VERSION,
    configSha256,
    startedAt,
    registrar: { bindings: registrar.count },
    trunks: trunkSet.statuses().map((t) => trunkView(t, clock.now())),
    provisioning: provisioning.endpoints,
  });
  const statusEndpoint = new StatusEndpoint(status, logger);
  const adminAddress = await statusEndpoint.listen(config.admin.port, config.admin.listen);
  // Prompts are spoken when a config is applied (cached by text in the state dir); a failed
  // render keeps the previous set, and a prompt without a file plays as silence.
  const renderPrompts = async (c: ApplianceConfig): Promise<number> => {
    try {
      prompts.replace(await renderPromptSet(promptSet(c), join(stateDir, "prompts")));
    } catch (err) {
      logger.error("prompts not rendered (espeak-ng and sox needed)", { err });
    }
    return prompts.size;
  };
  // Subsystems whose sockets or registrations follow the config; also run after each reload.
  const applyRuntime = async (c: ApplianceConfig, publicChanged: boolean): Promise<void> => {
    if (publicChanged) {
      publicAddress.close();
      publicAddress = startPublicAddress(c, { clock, random: cryptoRandom, logger });
    }
    // Prompts first: the trunk brings callers for the IVR as soon as it registers.
    const promptCount = await renderPrompts(c);
    const t = await trunkSet.apply(c.trunks, c.publicAddress, publicAddress.tracker);
    const provisioningChanged = await provisioning.apply(c.provisioning);
    logger.info("runtime applied", { trunks: t, provisioningChanged, prompts: promptCount });
  };
  await applyRuntime(config, false);
  const handle = {
    udp: transport.address("UDP"),
    tcp: transport.address("TCP"),
    tls: transport.address("TLS"),
    admin: { address: adminAddress.address, port: adminAddress.port },
  };
  logger.info("appliance ready", {
    ...describeConfig(config),
    listening: handle,
    provisioning: provisioning.endpoints,
    stateDir,
    bindings: registrar.count,
  });

  let closed: Promise<void> | undefined;
  let applied: Promise<void> = Promise.resolve();
  return {
    ...handle,
    status,
    get applied() {
      return applied;
    },
    reload(): boolean {
      let next: ApplianceConfig;
      let nextSha: string;
      try {
        next = loadConfigFile(options.configPath);
        nextSha = fileSha256(options.configPath);
      } catch (err) {
        const lines = err instanceof ConfigFileError ? err.lines : [String(err)];
        logger.error("config rejected, keeping the running config", { errors: lines });
        return false;
      }
      const listenChanged =
        JSON.stringify([next.sip, next.admin]) !== JSON.stringify([config.sip, config.admin]);
      const publicChanged = JSON.stringify(next.publicAddress) !== JSON.stringify(config.publicAddress);
      const resyncDevices = devicesToResync(config.provisioning, next.provisioning);
      config = next;
      configSha256 = nextSha;
      current = buildGate(next);
      registrar.updateSettings(registrarSettings(next));
      guard.updateSettings(protection(next));
      calls.update(next);
      routes = routingTable(next);
      pbx.conferences.updateRooms(pbxConfig(next, stateDir).conferences ?? []);
      recognizer = legs.recognizer(() => trunkSet.inbound(), dialingOf(next), logger);
      logger.info("config reloaded", { ...describeConfig(next), restartNeeded: listenChanged });
      applied = applied
        .then(() => applyRuntime(next, publicChanged))
        // Once the new files are served; not awaited: an unanswered NOTIFY lasts Timer F.
        .then(() => {
          void resync.notify(resyncDevices);
        })
        .catch((err: unknown) => logger.error("config not fully applied", { err }));
      return true;
    },
    close(): Promise<void> {
      closed ??= (async () => {
        await applied;
        trunkSet.close();
        publicAddress.close();
        await provisioning.close();
        await statusEndpoint.close();
        pbx.close();
        mwi.close();
        outbound.close();
        dialogs.close();
        await relay.close();
        await cdr.close();
        transactions.close();
        await transport.close();
        await registrar.close();
        logger.info("appliance stopped");
      })();
      return closed;
    },
  };
}

function fileSha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const configPath = argValue(process.argv, "--config") ?? process.env.PIBX_CONFIG;
  if (!configPath) {
    process.stderr.write("usage: appliance --config <file> (or PIBX_CONFIG)\n");
    process.exit(64);
  }
  // Signal handlers go in first: a signal during startup must not kill the process unhandled.
  let app: ApplianceHandle | undefined;
  let stopping: string | undefined;
  const stop = (signal: string) => {
    stopping ??= signal;
    if (!app) return; // handled once started
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        Logger.create().error("shutdown failed", { err, signal });
        process.exit(1);
      },
    );
  };
  // A HUP during startup (a config pushed while the service starts) is kept and applied once
  // started: the pushed file may be newer than the one startup read.
  let hupWhileStarting = false;
  process.on("SIGHUP", () => {
    if (app) app.reload();
    else hupWhileStarting = true;
  });
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
  try {
    const opts: StartOptions = { configPath };
    if (process.env.PIBX_STATE_DIR) opts.stateDir = process.env.PIBX_STATE_DIR;
    app = await startAppliance(opts);
    if (hupWhileStarting) app.reload();
  } catch (err) {
    if (err instanceof ConfigFileError) {
      for (const line of err.lines) process.stderr.write(`${line}\n`);
      process.exit(78);
    }
    Logger.create().error("appliance failed to start", { err });
    process.exit(1);
  }
  if (stopping) stop(stopping);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) void main();

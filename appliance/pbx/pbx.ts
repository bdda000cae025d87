// The PBX feature set composed on a dialog layer: calls between extensions through the B2BUA
// (with CDRs and music on hold), transfers, conferences, and the features the PBX answers
// itself (IVR, voicemail). main.ts builds the SIP stack, the registrar,
// the auth gate and the RTP relay, then calls createPbx with small adapters of them.
import { type Clock, type IdSource, Logger, type RandomSource } from "../base/index.ts";
import type { DialogLayer } from "../sip/dialog/index.ts";
import { FeatureApps, type FeatureAppsOptions } from "./apps/feature-apps.ts";
import { B2bua } from "./calls/b2bua.ts";
import type {
  CallAuthorizer,
  CallMediaFactory,
  CallRouter,
  ContactLookup,
  DirectoryLookup,
} from "./calls/call-deps.ts";
import { type ExtensionEntry, ExtensionRouter } from "./calls/extension-router.ts";
import { ringbackSamples } from "./calls/ringback.ts";
import type { CdrSink } from "./cdr/cdr-record.ts";
import { ConferenceService, type RoomConfig } from "./conference/conference-service.ts";
import { DtmfPinCollector, type PinCollector } from "./conference/pin-collector.ts";
import { LoopedMusicOnHold, type MusicOnHold } from "./hold/music-on-hold.ts";
import { TransferService } from "./transfer/transfer-service.ts";

export interface PbxConfig {
  /** The SIP domain (host of the From/To URIs the PBX sends). */
  domain: string;
  extensions: readonly ExtensionEntry[];
  /** Meet-me rooms: number and optional PIN (asked over DTMF, ended by "#"). */
  conferences?: readonly RoomConfig[];
  ringTimeoutSeconds?: number;
  /** 8 kHz WAV looped to held parties. */
  musicOnHoldFile?: string;
  /** RFC 5589 §6.1 grace before the PBX ends a transferor's leg itself. */
  transferorByeSeconds?: number;
}

export interface PbxDeps {
  dialogs: DialogLayer;
  contacts: ContactLookup;
  auth: CallAuthorizer;
  media: CallMediaFactory;
  clock: Clock;
  ids: IdSource;
  random: RandomSource;
  config: PbxConfig;
  /** The dial-plan router; default: extensions and rooms from config. */
  router?: CallRouter;
  directory?: DirectoryLookup;
  /** Where CDRs go (a JsonlCdrStore under the state directory). */
  cdr?: CdrSink;
  /** How conference PINs are collected (default: RFC 4733 / SIP INFO digits up to "#"). */
  pins?: PinCollector;
  /** Overrides musicOnHoldFile (tests, generated tones). */
  moh?: MusicOnHold;
  /** The features the PBX answers itself (IVR, voicemail); absent: those destinations get 404. */
  features?: Pick<FeatureAppsOptions, "prompts" | "settings" | "voicemail" | "pinGuard">;
  logger?: Logger;
}

export interface Pbx {
  readonly b2bua: B2bua;
  readonly transfers: TransferService;
  readonly conferences: ConferenceService;
  readonly features?: FeatureApps;
  /** Ends every call and stops listening. Idempotent. */
  close(): void;
}

export function createPbx(deps: PbxDeps): Pbx {
  const c = deps.config;
  const fallback = new ExtensionRouter(
    c.extensions,
    (c.conferences ?? []).map((r) => r.number),
    c.ringTimeoutSeconds === undefined ? undefined : c.ringTimeoutSeconds * 1000,
  );
  const router = deps.router ?? fallback;
  const moh =
    deps.moh ??
    (c.musicOnHoldFile
      ? LoopedMusicOnHold.fromWavFile(deps.clock, deps.random, c.musicOnHoldFile)
      : undefined);
  const b2bua = new B2bua({
    dialogs: deps.dialogs,
    clock: deps.clock,
    ids: deps.ids,
    auth: deps.auth,
    router,
    directory: deps.directory ?? fallback,
    contacts: deps.contacts,
    media: deps.media,
    domain: c.domain,
    ringTimeoutMs: (c.ringTimeoutSeconds ?? 30) * 1000,
    ...(moh ? { moh } : {}),
    ringback: new LoopedMusicOnHold(deps.clock, deps.random, ringbackSamples()),
    ...(deps.cdr ? { cdr: deps.cdr } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const conferences = new ConferenceService({
    b2bua,
    clock: deps.clock,
    rooms: c.conferences ?? [],
    pins: deps.pins ?? new DtmfPinCollector(deps.clock),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const transfers = new TransferService({
    conference: conferences,
    b2bua,
    dialogs: deps.dialogs,
    router,
    contacts: deps.contacts,
    clock: deps.clock,
    transferorByeMs: (c.transferorByeSeconds ?? 5) * 1000,
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  const f = deps.features;
  const features =
    f &&
    new FeatureApps({
      b2bua,
      clock: deps.clock,
      random: deps.random,
      prompts: f.prompts,
      settings: f.settings,
      voicemail: f.voicemail,
      pinGuard: f.pinGuard,
      logger: deps.logger ?? Logger.silent(),
    });
  let closed = false;
  return {
    b2bua,
    transfers,
    conferences,
    ...(features ? { features } : {}),
    close() {
      if (closed) return;
      closed = true;
      features?.close();
      transfers.close();
      b2bua.close();
      conferences.close();
    },
  };
}

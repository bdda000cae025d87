// The import rules of ARCHITECTURE.md as data: each rule says which files may not import which.
import type { ImportEdge } from "./import-graph.ts";

export interface ImportRule {
  name: string;
  applies: (from: string) => boolean;
  forbids: (to: string) => boolean;
}

const under = (dir: string) => (p: string) => p.startsWith(`${dir}/`);
const anyOf =
  (...preds: ((p: string) => boolean)[]) =>
  (p: string) =>
    preds.some((f) => f(p));

// The SIP stack's layers, lowest first: a layer may import only layers below it.
const SIP_LAYERS = ["message", "transport", "transaction", "dialog", "ua"];

export const IMPORT_RULES: ImportRule[] = [
  // They run on different machines: the Pi, the operator's machine, the build host.
  {
    name: "appliance/ imports neither infra/ nor images/",
    applies: under("appliance"),
    forbids: anyOf(under("infra"), under("images")),
  },
  {
    name: "infra/ imports neither appliance/ nor images/",
    applies: under("infra"),
    forbids: anyOf(under("appliance"), under("images")),
  },
  {
    name: "images/ imports neither appliance/ nor infra/",
    applies: under("images"),
    forbids: anyOf(under("appliance"), under("infra")),
  },
  {
    name: "schemas/ imports only schemas/",
    applies: under("schemas"),
    forbids: anyOf(under("appliance"), under("infra"), under("images"), under("test"), under("bin")),
  },
  {
    name: "appliance/base/ depends on nothing else in the appliance",
    applies: under("appliance/base"),
    forbids: (to) => under("appliance")(to) && !under("appliance/base")(to),
  },
  {
    name: "sdp/ and media/ know nothing of SIP or the PBX",
    applies: anyOf(under("appliance/sdp"), under("appliance/media")),
    forbids: anyOf(under("appliance/sip"), under("appliance/pbx")),
  },
  {
    name: "the SIP stack never imports the PBX, media or provisioning",
    applies: under("appliance/sip"),
    forbids: anyOf(
      under("appliance/pbx"),
      under("appliance/media"),
      under("appliance/provisioning"),
      under("appliance/admin"),
    ),
  },
  {
    name: "sip/auth depends only on sip/message",
    applies: under("appliance/sip/auth"),
    forbids: (to) =>
      under("appliance/sip")(to) && !under("appliance/sip/auth")(to) && !under("appliance/sip/message")(to),
  },
  ...SIP_LAYERS.map((layer, i) => ({
    name: `sip/${layer} imports no layer above it (${SIP_LAYERS.slice(i + 1).join(", ") || "none"})`,
    applies: under(`appliance/sip/${layer}`),
    // auth builds on message, so message must not import it back.
    forbids: anyOf(
      ...(layer === "message" ? [under("appliance/sip/auth")] : []),
      ...SIP_LAYERS.slice(i + 1).map((l) => under(`appliance/sip/${l}`)),
    ),
  })),
  {
    name: "production code never imports test/",
    applies: anyOf(under("appliance"), under("infra"), under("images"), under("schemas"), under("bin")),
    forbids: under("test"),
  },
];

export function violations(edges: ImportEdge[], rules = IMPORT_RULES): string[] {
  const out: string[] = [];
  for (const e of edges) {
    for (const r of rules) {
      if (r.applies(e.from) && r.forbids(e.to)) out.push(`${e.from}:${e.line}: imports ${e.to}: ${r.name}`);
    }
  }
  return out;
}

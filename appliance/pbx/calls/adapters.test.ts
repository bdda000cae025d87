import assert from "node:assert/strict";
import { test } from "node:test";
import { parseMessage, type SipRequest } from "../../sip/message/index.ts";
import type { Binding } from "../registrar/index.ts";
import { authGateAuthorizer, registrarContacts } from "./adapters.ts";

const binding = (uri: string, q: number): Binding => ({
  aor: "sip:1002@pbx.test",
  uri,
  params: [],
  q,
  callId: "c",
  cseq: 1,
  expiresAt: Date.now() + 60_000,
  source: { protocol: "UDP", address: "198.51.100.7", port: 40000 },
  user: "1002",
});

test("registrar bindings become contacts in lookup order; a bad URI is skipped", () => {
  const asked: string[] = [];
  const lookup = registrarContacts({
    aorOf: (u) => `sip:${u}@pbx.test`,
    lookup: (aor) => {
      asked.push(aor);
      return [binding("sip:1002@10.0.0.5:5060", 1000), binding("not a uri", 500)];
    },
  });
  const got = lookup.contacts("1002");
  assert.ok(Array.isArray(got));
  assert.deepEqual(asked, ["sip:1002@pbx.test"]);
  assert.equal(got.length, 1);
  assert.deepEqual(got[0]!.source, { address: "198.51.100.7", port: 40000 });
});

test("the auth gate's challenge is passed through with its headers", () => {
  const invite = parseMessage(
    Buffer.from(
      "INVITE sip:1002@pbx.test SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKx\r\nMax-Forwards: 70\r\nFrom: <sip:1001@pbx.test>;tag=a\r\nTo: <sip:1002@pbx.test>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
    ),
  ) as SipRequest;
  const seen: string[] = [];
  const auth = authGateAuthorizer({
    check: (_req, ip) => {
      seen.push(ip);
      return ip === "192.0.2.1"
        ? { ok: false, reply: { status: 407, headers: [["Proxy-Authenticate", 'Digest realm="pbx"']] } }
        : { ok: true, user: "1001" };
    },
  });
  assert.deepEqual(auth.authorize(invite, "192.0.2.1"), {
    ok: false,
    status: 407,
    headers: [["Proxy-Authenticate", 'Digest realm="pbx"']],
  });
  assert.deepEqual(auth.authorize(invite, "192.0.2.9"), { ok: true, user: "1001" });
  assert.deepEqual(seen, ["192.0.2.1", "192.0.2.9"]);
});

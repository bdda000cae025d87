import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ManualClock } from "../../base/index.ts";
import { parseMessage, type SipRequest } from "../../sip/index.ts";
import { type BindingStore, MemoryBindingStore } from "./binding-store.ts";
import { FileBindingStore } from "./file-binding-store.ts";
import { Registrar } from "./registrar.ts";

const ctx = { user: "100", source: { protocol: "UDP", address: "192.0.2.1", port: 5060 } };

function reg(headers: string[], opts: { callId?: string; cseq?: number; user?: string } = {}): SipRequest {
  const user = opts.user ?? "100";
  const lines = [
    "REGISTER sip:pibx.test SIP/2.0",
    "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1",
    `From: <sip:${user}@pibx.test>;tag=a`,
    `To: <sip:${user}@pibx.test>`,
    `Call-ID: ${opts.callId ?? "call-1"}`,
    `CSeq: ${opts.cseq ?? 1} REGISTER`,
    ...headers,
    "Content-Length: 0",
    "",
    "",
  ];
  return parseMessage(Buffer.from(lines.join("\r\n"))) as SipRequest;
}

async function setup(store: BindingStore = new MemoryBindingStore()) {
  const clock = new ManualClock();
  const r = new Registrar({
    store,
    clock,
    domain: "pibx.test",
    settings: { minExpires: 60, maxExpires: 3600, defaultExpires: 600 },
  });
  await r.start();
  return { r, clock, store };
}

const contacts = (h: Array<[string, string]>) => h.filter(([n]) => n === "Contact").map(([, v]) => v);

test("multiple contacts per AOR, each with its own expiry; 200 lists all with expires and a Date", async () => {
  const { r } = await setup();
  const res = await r.register(
    reg([
      "Contact: <sip:100@192.0.2.1:5060>;expires=120",
      "Contact: <sip:100@192.0.2.9>;q=0.5",
      "Expires: 300",
    ]),
    ctx,
  );
  assert.equal(res.status, 200);
  assert.deepEqual(contacts(res.headers), [
    "<sip:100@192.0.2.1:5060>;expires=120",
    "<sip:100@192.0.2.9>;q=0.5;expires=300",
  ]);
  assert.ok(res.headers.some(([n]) => n === "Date"));
  await r.close();
});

test("q-values order lookups; malformed q → 400", async () => {
  const { r } = await setup();
  await r.register(reg(["Contact: <sip:100@a.test>;q=0.1, <sip:100@b.test>;q=0.9, <sip:100@c.test>"]), ctx);
  assert.deepEqual(
    r.lookup("sip:100@pibx.test").map((b) => b.uri),
    ["sip:100@c.test", "sip:100@b.test", "sip:100@a.test"],
  );
  assert.equal((await r.register(reg(["Contact: <sip:100@d.test>;q=1.5"], { cseq: 2 }), ctx)).status, 400);
});

test("default expiry, clamp to max, and 423 with Min-Expires below the minimum (RFC 3261 §10.3 step 7)", async () => {
  const { r } = await setup();
  assert.deepEqual(contacts((await r.register(reg(["Contact: <sip:100@a.test>"]), ctx)).headers), [
    "<sip:100@a.test>;expires=600",
  ]);
  assert.deepEqual(
    contacts(
      (await r.register(reg(["Contact: <sip:100@a.test>", "Expires: 99999"], { cseq: 2 }), ctx)).headers,
    ),
    ["<sip:100@a.test>;expires=3600"],
  );
  const brief = await r.register(reg(["Contact: <sip:100@b.test>;expires=30"], { cseq: 3 }), ctx);
  assert.equal(brief.status, 423);
  assert.deepEqual(brief.headers, [["Min-Expires", "60"]]);
  // The failed request changed nothing (atomic).
  assert.equal(r.lookup("sip:100@pibx.test").length, 1);
});

test("bindings expire on the clock", async () => {
  const { r, clock } = await setup();
  await r.register(
    reg(["Contact: <sip:100@a.test>;expires=60", "Contact: <sip:100@b.test>;expires=120"]),
    ctx,
  );
  clock.advance(61_000);
  assert.deepEqual(
    r.lookup("sip:100@pibx.test").map((b) => b.uri),
    ["sip:100@b.test"],
  );
  assert.equal(r.hasLiveBinding("192.0.2.1"), true);
  assert.equal(await r.sweep(), 1);
  clock.advance(60_000);
  assert.equal(await r.sweep(), 1);
  assert.equal(r.hasLiveBinding("192.0.2.1"), false);
});

test("a query (no Contact) lists bindings without changing them", async () => {
  const { r } = await setup();
  await r.register(reg(["Contact: <sip:100@a.test>;expires=100"]), ctx);
  const q = await r.register(reg([], { cseq: 2 }), ctx);
  assert.equal(q.status, 200);
  assert.deepEqual(contacts(q.headers), ["<sip:100@a.test>;expires=100"]);
});

test("Contact: * needs Expires: 0 and removes all bindings (RFC 3261 §10.3 step 6)", async () => {
  const { r } = await setup();
  await r.register(reg(["Contact: <sip:100@a.test>", "Contact: <sip:100@b.test>"]), ctx);
  assert.equal((await r.register(reg(["Contact: *", "Expires: 10"], { cseq: 2 }), ctx)).status, 400);
  assert.equal((await r.register(reg(["Contact: *"], { cseq: 2 }), ctx)).status, 400);
  assert.equal(r.lookup("sip:100@pibx.test").length, 2);
  const ok = await r.register(reg(["Contact: *", "Expires: 0"], { cseq: 3 }), ctx);
  assert.equal(ok.status, 200);
  assert.deepEqual(contacts(ok.headers), []);
});

test("expires=0 removes one binding; Call-ID/CSeq ordering (RFC 3261 §10.3 step 7)", async () => {
  const { r } = await setup();
  await r.register(reg(["Contact: <sip:100@a.test>", "Contact: <sip:100@b.test>"], { cseq: 5 }), ctx);
  // Same Call-ID with a CSeq not higher: the request fails, nothing changes.
  assert.equal(
    (await r.register(reg(["Contact: <sip:100@a.test>;expires=0"], { cseq: 5 }), ctx)).status,
    400,
  );
  assert.equal(r.lookup("sip:100@pibx.test").length, 2);
  // A different Call-ID may update or remove whatever its CSeq.
  const res = await r.register(
    reg(["Contact: <sip:100@a.test>;expires=0"], { callId: "other", cseq: 1 }),
    ctx,
  );
  assert.deepEqual(contacts(res.headers), ["<sip:100@b.test>;expires=600"]);
  // URI comparison rules of §19.1.4: host case does not matter.
  const res2 = await r.register(reg(["Contact: <sip:100@B.TEST>;expires=0"], { cseq: 6 }), ctx);
  assert.deepEqual(contacts(res2.headers), []);
});

test("a user may not touch another AOR (403); contacts per AOR are bounded", async () => {
  const { r } = await setup();
  assert.equal((await r.register(reg(["Contact: <sip:x@a.test>"], { user: "101" }), ctx)).status, 403);
  const many = Array.from({ length: 11 }, (_, i) => `Contact: <sip:100@h${i}.test>`);
  assert.equal((await r.register(reg(many), ctx)).status, 403);
});

test("contacts are stored as sent (RFC 4475 §3.3.12-14)", async () => {
  const { r } = await setup();
  const res = await r.register(
    reg(['Contact: <sip:100@a.test;transport=tcp?Route=%3Csip:sip.example.com%3E>;+sip.instance="<urn:x>"']),
    ctx,
  );
  assert.equal(res.status, 200);
  const c = contacts(res.headers)[0]!;
  assert.match(c, /^<sip:100@a\.test;transport=tcp\?Route=%3Csip:sip\.example\.com%3E>/);
  assert.match(c, /\+sip\.instance="<urn:x>"/);
});

test("FileBindingStore: bindings survive a restart; expired ones are dropped; torn temp files ignored", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-reg-"));
  try {
    const a = await setup(new FileBindingStore(dir));
    await a.r.register(
      reg(["Contact: <sip:100@a.test>;expires=100", "Contact: <sip:100@b.test>;expires=3000"]),
      ctx,
    );
    await a.r.close();
    // A crash mid-write leaves a temp file: recovery ignores it.
    writeFileSync(join(dir, "bindings.json.tmp-1-1"), '{"version":1,"bindings":[{"au');
    const clock = new ManualClock(0);
    clock.advance(200_000); // 200 s later: the first binding has expired
    const r2 = new Registrar({ store: new FileBindingStore(dir), clock, domain: "pibx.test" });
    await r2.start();
    const left = r2.lookup("sip:100@pibx.test");
    assert.deepEqual(
      left.map((b) => b.uri),
      ["sip:100@b.test"],
    );
    assert.equal(left[0]!.callId, "call-1");
    assert.equal(r2.hasLiveBinding("192.0.2.1"), true);
    await r2.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("FileBindingStore groups concurrent changes and resolves each only after its write", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pibx-reg-"));
  try {
    const store = new FileBindingStore(dir);
    const { r } = await setup(store);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        r.register(reg([`Contact: <sip:u${i}@a.test>`], { user: `u${i}` }), { ...ctx, user: `u${i}` }),
      ),
    );
    assert.ok(results.every((x) => x.status === 200));
    await r.close();
    const reloaded = await new FileBindingStore(dir).load();
    assert.equal(reloaded.length, 20);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

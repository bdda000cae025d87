import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { Trunk } from "../../schemas/appliance-config/index.ts";
import { Logger, ManualClock, RandomIdSource, SeededRandom } from "../base/index.ts";
import { PublicAddressTracker } from "../nat/index.ts";
import { TransactionLayer } from "../sip/index.ts";
import { FakeSender } from "../sip/transaction/testing.ts";
import { ContactTokens } from "./contact-tokens.ts";
import { TrunkSet } from "./trunk-set.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "pibx-tokens-"));
  dirs.push(d);
  return d;
};
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const ids = (seed: number) => new RandomIdSource(new SeededRandom(seed));

const TRUNK: Trunk = {
  name: "provider",
  host: "203.0.113.10",
  port: 5060,
  transport: "UDP",
  username: "15550123",
  password: "secret",
  register: true,
  expiresSeconds: 600,
  keepaliveSeconds: 0,
  didSource: "to",
  callerIdSource: "from",
  anySourcePort: false,
  extraInboundAddresses: [],
  dids: [],
  outbound: { patterns: [], callerIdHeader: "from" },
  limits: { maxCalls: 2 },
};

describe("ContactTokens", () => {
  it("keeps each trunk's token across restarts (a new instance reads the file)", () => {
    const path = join(tempDir(), "trunk-contacts.json");
    const first = new ContactTokens(path, ids(1));
    const a = first.tokenFor("provider");
    const b = first.tokenFor("backup");
    assert.match(a, /^[0-9A-Za-z]{24}$/);
    assert.notEqual(a, b);
    assert.equal(first.tokenFor("provider"), a);
    // The next start draws from another seed: the stored tokens win.
    const restarted = new ContactTokens(path, ids(99));
    assert.equal(restarted.tokenFor("provider"), a);
    assert.equal(restarted.tokenFor("backup"), b);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(
      readdirSync(join(path, "..")).filter((f) => f.includes(".tmp-")),
      [],
      "no temp file left (written through rename)",
    );
  });

  it("a damaged file or a malformed token gives a new token, stored again", () => {
    const path = join(tempDir(), "trunk-contacts.json");
    writeFileSync(path, "{ not json");
    const lines: string[] = [];
    const t = new ContactTokens(
      path,
      ids(2),
      Logger.create({ level: "warn", sink: (l: string) => lines.push(l) }),
    );
    const token = t.tokenFor("provider");
    assert.ok(lines.some((l) => l.includes("unreadable")));
    assert.deepEqual(JSON.parse(readFileSync(path, "utf8")), { provider: token });
    writeFileSync(path, JSON.stringify({ provider: "bad token!" }));
    assert.notEqual(new ContactTokens(path, ids(3)).tokenFor("provider"), "bad token!");
  });

  it("the trunk registers the persisted token as its Contact user", async () => {
    const path = join(tempDir(), "trunk-contacts.json");
    const tokens = new ContactTokens(path, ids(4));
    const start = async (seed: number) => {
      const clock = new ManualClock();
      const layer = new TransactionLayer({ transport: new FakeSender(() => clock.now()), clock });
      layer.setUser({ onRequest: () => {} });
      const set = new TrunkSet({
        clock,
        ids: ids(seed),
        random: new SeededRandom(seed),
        sender: layer,
        logger: Logger.silent(),
        onChange: () => {},
        contactToken: (name) => tokens.tokenFor(name),
      });
      await set.apply([TRUNK], undefined, new PublicAddressTracker({ address: "172.16.0.10", port: 5060 }));
      const user = set.inbound()[0]!.contactUser;
      set.close();
      return user;
    };
    const first = await start(10);
    assert.equal(first, `pibx-${tokens.tokenFor("provider")}`);
    assert.equal(await start(11), first, "same Contact after a restart");
  });
});

// End to end in the virtual lab (test/lab), under the lab lock, the lab down in `finally`:
// the bundled appliance runs in the pi box from the config planned from
// examples/virtual-lab/lab.yaml; the lab router is converged by the Linux backend and the home
// router's SIP forward opened over UPnP, as `pulumi up` would (test/trunk/lab-appliance.ts). Then:
//  (a) the trunk registers at the provider's Kamailio through both NATs, and again after the
//      provider restarts and forgets it;
//  (b) the desk phone's DHCP lease carries option 160, the URL expanded as a Cisco 3PCC phone
//      does fetches its profile from the appliance, and its credentials register baresip there;
//  (c) a call from a blacklisted PSTN caller to the DID gets 608 at the caller; no phone rings.
// Every wait is bounded; measured durations are reported as test diagnostics.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { planApplianceConfig } from "../../infra/plan/appliance-config.ts";
import { wantedMappings } from "../../infra/router/home/plan-upnp.ts";
import { requireLab } from "../../schemas/index.ts";
import {
  type Appliance,
  addressOf,
  DEFAULT_RUN_DIR,
  exec,
  interfaceOf,
  Phone,
  restartProvider,
  startDeskPhone,
  waitForDhcpLease,
} from "../lab/index.ts";
import {
  buildApplianceBundle,
  LAB_FILE,
  type LabAppliance,
  labTestSecrets,
  seededProvisioningSecrets,
  startLabAppliance,
  until,
} from "../trunk/lab-appliance.ts";

const isRoot = process.getuid?.() === 0;
const lab = requireLab(LAB_FILE);
const TRUNK = lab.trunks[0]!;
const DID = TRUNK.dids[0]!.number;
const BLACKLISTED = lab.blacklist.numbers[0]!;
/** Fixed test secrets: the trunk password is also given to the provider's Kamailio. */
const SECRETS: Record<string, string> = labTestSecrets(lab, "e2e");
const PROVISIONING = seededProvisioningSecrets(lab, 7);

interface StatusJson {
  version: string;
  registrar: { bindings: number };
  trunks: Array<{ name: string; state: string; registered: boolean }>;
}

/** GET /status on the appliance's local admin endpoint, from inside the pi box. */
async function applianceStatus(port: number): Promise<StatusJson> {
  const r = await exec("pi", ["curl", "-sf", "--max-time", "3", `http://127.0.0.1:${port}/status`], {
    timeoutMs: 5000,
  });
  assert.equal(r.code, 0, `GET /status failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as StatusJson;
}

const kamailioLog = () => join(DEFAULT_RUN_DIR, "provider", "kamailio.log");
const trunkRegisters = (text: string) =>
  text.split("\n").filter((l) => l.includes(`provider: REGISTER ${TRUNK.username} `)).length;

describe("the appliance in the virtual lab", { skip: !isRoot && "needs root" }, () => {
  let env: LabAppliance | undefined;
  let appliance: Appliance | undefined;
  const phones: Phone[] = [];
  const config = planApplianceConfig(lab, {
    secrets: SECRETS,
    provisioning: { secrets: PROVISIONING, year: 2026 },
  });
  // A short trunk lifetime so the re-registration after the provider's restart comes within the
  // test's bound (refresh at half the lifetime; the plan's default is 600 s).
  const trunk = { ...config.trunks[0]!, expiresSeconds: 60 };
  config.trunks = [trunk];
  before(async () => {
    buildApplianceBundle();
    env = await startLabAppliance({
      lab,
      config,
      trunk: { username: TRUNK.username, password: SECRETS.trunkPassword! },
      dids: [DID],
      // The PSTN caller is the blacklisted number, for (c).
      pstn: { username: BLACKLISTED, password: "e2e-pstn-password" },
      // The SIP forward alone: no call here carries media.
      mappings: (forwards) =>
        wantedMappings({ ...forwards, forwards: forwards.forwards.filter((f) => f.from === f.to) }),
      lockWaitMs: 600_000,
    });
    appliance = env.appliance;
  });

  after(async () => {
    for (const p of phones) p.close();
    await env?.close();
  });

  it("(a) the trunk registers at the provider through both NATs, and again after the provider restarts", async (t) => {
    const t0 = Date.now();
    const admin = config.admin.port;
    await until("appliance /status", 20_000, async () => {
      if (!appliance!.running()) throw new Error(`appliance exited:\n${appliance!.logs()}`);
      return (await exec("pi", ["curl", "-sf", "--max-time", "2", `http://127.0.0.1:${admin}/status`]))
        .code === 0
        ? true
        : undefined;
    });
    await until("trunk registered (appliance /status)", 30_000, async () =>
      (await applianceStatus(admin)).trunks[0]?.registered ? true : undefined,
    );
    // The provider saw it: Kamailio logs each REGISTER it saved, from the home router's address.
    const seen = await until("REGISTER saved by Kamailio", 10_000, () => {
      const line = readFileSync(kamailioLog(), "utf8")
        .split("\n")
        .find((l) => l.includes(`provider: REGISTER ${TRUNK.username} `));
      return line;
    });
    assert.match(seen, /from 203\.0\.113\.2:/, "the REGISTER did not come through the home router's NAT");
    const first = Date.now() - t0;
    assert.ok(!appliance!.logs().includes(SECRETS.trunkPassword!), "the trunk password is in the log");

    const before = trunkRegisters(readFileSync(kamailioLog(), "utf8"));
    const t1 = Date.now();
    await restartProvider();
    // Kamailio forgot the binding; the appliance's refresh (half the 60 s lifetime) restores it.
    await until("REGISTER saved again after the provider restart", 60_000, () =>
      trunkRegisters(readFileSync(kamailioLog(), "utf8")) > before ? true : undefined,
    );
    const status = await applianceStatus(admin);
    assert.deepEqual(
      status.trunks.map((x) => [x.name, x.state]),
      [[TRUNK.name, "registered"]],
    );
    t.diagnostic(`registered in ${first} ms; registered again ${Date.now() - t1} ms after restartProvider()`);
  });

  it("(b) the desk phone is provisioned through option 160 and registers with the file's credentials", async (t) => {
    const t0 = Date.now();
    const lease = await waitForDhcpLease(30_000);
    assert.ok(lease?.provisioningUrl, "no lease with option 160 within 30 s");
    assert.equal(lease.provisioningUrl, "http://172.16.0.10/prov/$PN/$MA.xml");
    // The lab gives the desk-phone box a random MAC: give it the 7821's, as lab.yaml declares it.
    const declared = lab.devices.find((d) => d.id === "desk-7821");
    assert.ok(declared?.type === "desk");
    const iface = interfaceOf("desk-phone", "lab-lan");
    const set = await exec(
      "desk-phone",
      ["ip", "link", "set", "dev", iface, "address", declared.mac.toLowerCase()],
      {
        timeoutMs: 3000,
      },
    );
    assert.equal(set.code, 0, set.stderr);
    const mac = await deskPhoneMac();
    assert.equal(mac, "001b54aabbcc");
    // A Cisco 3PCC phone: $PN its product name, $MA its MAC in lower-case hex without separators.
    const url = lease.provisioningUrl.replace("$PN", "CP-7821-3PCC").replace("$MA", mac);
    const r = await exec(
      "desk-phone",
      ["curl", "-sf", "--max-time", "5", "-A", `Cisco-CP-7821-3PCC/11.3.7 (${mac})`, url],
      { timeoutMs: 8000 },
    );
    assert.equal(r.code, 0, `fetching ${url} failed: ${r.stderr}`);
    const field = (name: string) => new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(r.stdout)?.[1];
    const user = field("User_ID_1_");
    const password = field("Password_1_");
    assert.equal(user, "100");
    assert.equal(password, SECRETS.ext100Password);
    await startDeskPhone({ account: { username: user!, password: password! }, registrar: "172.16.0.10" });
    const desk = await Phone.connect("desk-phone");
    phones.push(desk);
    await desk.waitRegistered(15_000);
    const bindings = await until("binding at the appliance's registrar", 10_000, async () => {
      const s = await applianceStatus(config.admin.port);
      return s.registrar.bindings > 0 ? s.registrar.bindings : undefined;
    });
    assert.equal(bindings, 1);
    t.diagnostic(`lease → file → registered in ${Date.now() - t0} ms`);
  });

  it("(c) a blacklisted caller dialling the DID gets 608; no phone rings", async (t) => {
    const t0 = Date.now();
    const pstn = await Phone.connect("pstn");
    phones.push(pstn);
    const desk = phones[0];
    const deskMark = desk?.mark() ?? 0;
    const lte = await Phone.connect("lte-phone");
    phones.push(lte);
    const lteMark = lte.mark();
    const mark = pstn.mark();
    await pstn.dial(`sip:${DID}@${addressOf("provider")}`);
    const closed = await pstn.waitFor("CALL_CLOSED", 15_000, mark);
    assert.match(closed.param ?? "", /^608\b/, `the caller saw ${closed.param}`);
    assert.ok(appliance!.logs().includes('"msg":"caller blacklisted"'), "no blacklist log line");
    // Neither the extension's desk phone (on the appliance) nor the internet phone rang.
    assert.ok(desk, "the desk phone of (b) is not running");
    await assert.rejects(desk.waitFor("CALL_INCOMING", 1000, deskMark), "the desk phone rang");
    await assert.rejects(lte.waitFor("CALL_INCOMING", 100, lteMark), "the internet phone rang");
    t.diagnostic(`608 at the caller in ${Date.now() - t0} ms`);
  });
});

/** The desk-phone box's lab-LAN MAC as the phone would print it (lower case, no separators). */
async function deskPhoneMac(): Promise<string> {
  const iface = interfaceOf("desk-phone", "lab-lan");
  const r = await exec("desk-phone", ["cat", `/sys/class/net/${iface}/address`], { timeoutMs: 3000 });
  return r.stdout.trim().replaceAll(":", "").toLowerCase();
}

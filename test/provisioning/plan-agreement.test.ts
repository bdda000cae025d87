// The Pulumi side's plan and the appliance agree: the pushed config has the appliance's shape,
// every path the plan announces resolves to its device on the appliance, and the option-160 URL
// leads to the Cisco's file.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FileCatalog, type ProvisioningConfig } from "../../appliance/provisioning/index.ts";
import {
  MissingSecretError,
  type PlannedProvisioningConfig,
  planProvisioning,
  timeZoneRule,
} from "../../infra/plan/provisioning.ts";
import { loadLab } from "../../schemas/index.ts";
import { ACCESS, allVendorsLab, homeLab, ONBOARDING_KEY, planFor, SECRETS } from "./fixture.ts";

// Compile-time: each side's shape is assignable to the other's (infra/ and appliance/ may not
// import each other, so the shapes are declared twice).
const toAppliance = (c: PlannedProvisioningConfig): ProvisioningConfig => c;
const toPlan = (c: ProvisioningConfig): PlannedProvisioningConfig => c;

describe("the provisioning plan", () => {
  const plan = planFor(allVendorsLab());

  it("is the config the appliance reads", () => {
    assert.deepEqual(toPlan(toAppliance(plan.config)), plan.config);
    assert.equal(plan.config.pathPrefix, "/prov");
    assert.deepEqual(plan.config.lanPrefixes, ["172.16.0.0/24"]);
  });

  it("announces the option-160 URL the lab's DHCP pool hands out", () => {
    assert.equal(plan.option160Url, "http://172.16.0.10/prov/$PN/$MA.xml");
  });

  it("every announced path resolves to its own device on the appliance", () => {
    const catalog = new FileCatalog(
      plan.config.devices.map((d) => d.device),
      { ciscoMppProfileUrl: plan.option160Url },
    );
    assert.equal(plan.files.length, 6);
    for (const f of plan.files) {
      for (const url of f.httpUrls) {
        const name = new URL(url).pathname.replace(/^\/prov\//, "");
        const r = catalog.resolve(name);
        assert.ok(r.kind === "device" && r.device.id === f.deviceId, `${url} → ${r.kind}`);
      }
    }
    const cisco = plan.files.find((f) => f.deviceId === "desk-7821")!;
    const expanded = plan.option160Url.replace("$PN", "CP-7821-3PCC").replace("$MA", cisco.mac!);
    assert.deepEqual(cisco.httpUrls, [expanded]);
  });

  it("gives each device its own line, credentials and resync URL", () => {
    const desk = plan.config.devices.find((d) => d.device.id === "desk-7821")!;
    assert.equal(desk.firstContact, "until-enrolled");
    assert.deepEqual(
      desk.device.lines.map((l) => [l.index, l.extension, l.password]),
      [[1, "100", SECRETS.ext100Password]],
    );
    assert.deepEqual(desk.device.keys, [{ position: 2, kind: "blf", number: "101", label: "Alice" }]);
    assert.equal(
      desk.device.resync.url,
      `http://172.16.0.10/prov/d/${ACCESS["desk-7821"]!.token}/$PN/$MA.xml`,
    );
    assert.deepEqual(desk.device.dscp, { rtp: 46, sip: 24 });
    const sep = plan.config.devices.find((d) => d.device.id === "lobby-7960")!;
    assert.equal(sep.firstContact, "always");
    const soft = plan.config.devices.find((d) => d.device.id === "alice-iphone")!;
    assert.equal(soft.firstContact, "never");
    assert.equal(soft.device.vendor, "linphone");
  });

  it("names the missing secret instead of provisioning an empty password", () => {
    assert.throws(
      () =>
        planProvisioning(homeLab(), {
          secrets: { ...SECRETS, ext100Password: undefined as unknown as string },
          deviceAccess: ACCESS,
          onboardingKey: ONBOARDING_KEY,
          year: 2026,
        }),
      (e: unknown) => e instanceof MissingSecretError && e.secret === "ext100Password",
    );
  });

  it("derives the option-160 URL when the pool leaves it out (virtual lab)", () => {
    const { lab } = loadLab("examples/virtual-lab/lab.yaml");
    const p = planProvisioning(lab!, {
      secrets: SECRETS,
      deviceAccess: ACCESS,
      onboardingKey: ONBOARDING_KEY,
      year: 2026,
    });
    assert.equal(p.option160Url, "http://172.16.0.10/prov/$PN/$MA.xml");
    assert.equal(p.config.devices.find((d) => d.device.id === "desk-7821")!.device.timeZone.dst, undefined);
  });
});

describe("IANA time zones as phone rules", () => {
  it("New York: EST -5h, DST second Sunday of March to first Sunday of November at 2:00", () => {
    assert.deepEqual(timeZoneRule("America/New_York", 2026), {
      iana: "America/New_York",
      standardOffsetMinutes: -300,
      standardAbbreviation: "EST",
      dst: {
        savingMinutes: 60,
        abbreviation: "EDT",
        start: { month: 3, week: 2, weekday: 7, hour: 2 },
        end: { month: 11, week: 1, weekday: 7, hour: 2 },
      },
    });
  });
  it("Paris: last Sunday of March at 2:00 to last Sunday of October at 3:00", () => {
    const r = timeZoneRule("Europe/Paris", 2026);
    assert.equal(r.standardOffsetMinutes, 60);
    assert.deepEqual(r.dst?.start, { month: 3, week: -1, weekday: 7, hour: 2 });
    assert.deepEqual(r.dst?.end, { month: 10, week: -1, weekday: 7, hour: 3 });
  });
  it("Sydney (southern hemisphere): standard +10h, DST from October to April", () => {
    const r = timeZoneRule("Australia/Sydney", 2026);
    assert.equal(r.standardOffsetMinutes, 600);
    assert.equal(r.dst?.start.month, 10);
    assert.equal(r.dst?.end.month, 4);
  });
  it("UTC and Tokyo have no DST", () => {
    assert.equal(timeZoneRule("UTC", 2026).dst, undefined);
    assert.equal(timeZoneRule("Asia/Tokyo", 2026).standardOffsetMinutes, 540);
  });
});

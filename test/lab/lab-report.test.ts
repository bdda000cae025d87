import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PhaseError, type PhaseResult, runPhase } from "./chain-record.ts";
import { renderReport, resourceSummary } from "./lab-report.ts";

const paths = {
  runDir: "/run/pibx-lab",
  pulumiLog: "/run/pibx-lab/pulumi/pulumi.log",
  applianceLog: "/run/pibx-lab/pi/appliance.log",
  recordings: "/run/pibx-lab/desk-phone/baresip/recordings",
};

describe("runPhase", () => {
  it("times a phase and records what it produced", async () => {
    const phases: PhaseResult[] = [];
    let t = 1000;
    await runPhase(
      phases,
      "lab",
      async () => {
        t += 2500;
        return "up";
      },
      () => t,
    );
    assert.deepEqual(phases, [{ name: "lab", ok: true, seconds: 2.5, detail: "up" }]);
  });

  it("records a failure by its first line and throws it named", async () => {
    const phases: PhaseResult[] = [];
    await assert.rejects(
      runPhase(phases, "pulumi up", async () => {
        throw new Error("pulumi up failed (exit 255)\nerror: connection refused");
      }),
      (e: unknown) =>
        e instanceof PhaseError &&
        e.phase === "pulumi up" &&
        e.message === "pulumi up failed (exit 255)" &&
        e.detail === "error: connection refused",
    );
    assert.equal(phases[0]?.ok, false);
    assert.equal(phases[0]?.detail, "pulumi up failed (exit 255)");
  });
});

describe("renderReport", () => {
  it("lists phases, smoke steps, outputs and logs", () => {
    const report = renderReport(
      {
        mode: "process",
        labFile: "examples/virtual-lab/lab.yaml",
        applianceAddress: "172.16.0.10",
        phases: [
          { name: "setup", ok: true, seconds: 0.5, detail: "ready" },
          { name: "pulumi up", ok: true, seconds: 42.25, detail: "12 created" },
        ],
        smoke: {
          ok: true,
          plan: 'DID 15550123 → IVR main → "13" → extension 100 (desk-7821)',
          steps: [
            {
              name: "desk phone: registered",
              status: "warn",
              detail: "with the stack's password",
              seconds: 1,
            },
          ],
        },
        outputs: {
          phoneOnboarding: {
            deskPhoneProvisioningUrls: [{ deviceId: "desk-7821", urls: ["http://172.16.0.10/prov/a.xml"] }],
            option160Url: "http://172.16.0.10/prov/$PN/$MA.xml",
            softphoneQrCodes: [
              {
                deviceId: "alice-iphone",
                file: "/repo/out/onboarding/alice-iphone.png",
                expiresAt: "2026-01-01T00:00:00.000Z",
              },
            ],
          },
          portForwards: { checklist: ["home router 192.168.1.1 (upnp): UDP 5060 → 192.168.1.2"] },
          applianceStatus: {
            health: { service: "active", reload: "confirmed", trunks: { provider: "registered" } },
          },
          secretValues: "[secret]",
        },
      },
      paths,
    );
    const lines = report.split("\n");
    assert.equal(
      lines[0],
      "lab: examples/virtual-lab/lab.yaml (--fast: the bundled appliance as a process in the pi box)",
    );
    assert.equal(lines[1], "  setup         0.5 s  ok      ready");
    assert.equal(lines[2], "  pulumi up    42.3 s  ok      12 created");
    assert.equal(lines[3], "  total        42.8 s");
    assert.ok(lines.includes("  warn desk phone: registered: with the stack's password"));
    assert.ok(lines.includes("  desk phone desk-7821: http://172.16.0.10/prov/a.xml"));
    assert.ok(lines.includes("  DHCP option 160: http://172.16.0.10/prov/$PN/$MA.xml"));
    assert.ok(
      lines.includes(
        "  softphone alice-iphone: QR code /repo/out/onboarding/alice-iphone.png (valid until 2026-01-01T00:00:00.000Z)",
      ),
    );
    assert.ok(lines.includes("    home router 192.168.1.1 (upnp): UDP 5060 → 192.168.1.2"));
    assert.ok(lines.includes("  appliance: service active, reload confirmed, trunk provider registered"));
    assert.ok(lines.includes("  pulumi      /run/pibx-lab/pulumi/pulumi.log"));
    assert.ok(!report.includes("FAILED"));
  });

  it("ends with the failing phase", () => {
    const report = renderReport(
      {
        mode: "image",
        labFile: "examples/virtual-lab/lab.yaml",
        applianceAddress: "172.16.0.10",
        phases: [{ name: "image", ok: false, seconds: 1200, detail: "the image did not answer SIP OPTIONS" }],
      },
      paths,
    );
    assert.match(report, /^lab: examples\/virtual-lab\/lab\.yaml \(the Pi image under qemu/);
    assert.equal(
      report.split("\n").at(-1),
      "lab: FAILED in phase image: the image did not answer SIP OPTIONS",
    );
  });
});

describe("resourceSummary", () => {
  it("reads the update's own counts, not the preview's", () => {
    const output = [
      "Previewing update (lab):",
      "Resources:",
      "    + 16 to create",
      "",
      "Updating (lab):",
      "Resources:",
      "    + 15 created",
      "    ~ 1 updated",
      "    2 unchanged",
      "",
      "Duration: 9s",
    ].join("\n");
    assert.equal(resourceSummary(output), "15 created, 1 updated, 2 unchanged");
    assert.equal(resourceSummary("nothing"), "done");
  });
});

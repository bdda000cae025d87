// The pibx components' resource graphs under Pulumi's mocks (no engine, no provider calls): each
// component's type token, its children parented to it with the right dynamic-resource token, which
// outputs are secrets, and the outputs themselves.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { Appliance } from "../../infra/components/appliance.ts";
import { HomeRouterForwards } from "../../infra/components/home-router-forwards.ts";
import { LabRouter } from "../../infra/components/lab-router.ts";
import { Onboarding } from "../../infra/components/onboarding.ts";
import { imageRecipeKey, PiImage, SdCard } from "../../infra/components/pi-image.ts";
import { testSecrets } from "../../infra/plan/test-secrets.ts";
import { type Lab, loadLab } from "../../schemas/index.ts";

const registered: pulumi.runtime.MockResourceArgs[] = [];
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "pibxp-onboarding-"));

before(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push(args);
        const extra: Record<string, unknown> = args.type.endsWith(":LocalCommand")
          ? { path: "/cache/pibx-abc.img", sha256: "a".repeat(64) }
          : args.type.endsWith(":Appliance") && args.custom
            ? { configHash: "h", pushedConfig: "{doc}", health: { service: "active" } }
            : args.type.endsWith("/router:IosRouter")
              ? { outsideAddress: "192.168.1.57" } // the lease the router reports
              : {};
        return { id: `${args.name}-id`, state: { ...args.inputs, ...extra } };
      },
      call: (args) => args.inputs,
    },
    "pibx",
    "test",
    false,
  );
});

after(() => rmSync(outDir, { recursive: true, force: true }));

function exampleLab(): Lab {
  const { lab } = loadLab(join(repoRoot, "examples/home-lab/lab.yaml"));
  assert.ok(lab);
  return lab;
}

const secretsOf = (lab: Lab) =>
  Object.fromEntries(Object.entries(testSecrets(lab)).map(([name, v]) => [name, pulumi.secret(v)]));

/** Mock inputs carry secrets wrapped in Pulumi's secret envelope: whether a value was one, and the value. */
const secretSig = "4dabf18193072939515e22adb298388d";
type Fields = Record<string, unknown> | undefined;
function unwrap<T = Fields>(v: unknown): { secret: boolean; value: T } {
  if (v !== null && typeof v === "object" && secretSig in v)
    return { secret: true, value: (v as unknown as { value: T }).value };
  return { secret: false, value: v as T };
}

const resolved = <T>(output: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => output.apply((v) => resolve(v)));

/**
 * Children inherit their component's transformations: a way to see each child's parent. `children`
 * lists the types of the resources whose parent is `component`.
 */
function tracked() {
  const seen: Array<{ type: string; parent: pulumi.Resource | undefined }> = [];
  const opts: pulumi.ComponentResourceOptions = {
    transformations: [(args) => void seen.push({ type: args.type, parent: args.opts.parent })],
  };
  return {
    opts,
    children: (component: pulumi.Resource) => seen.filter((s) => s.parent === component).map((s) => s.type),
  };
}

test("Appliance: a pibx:appliance:Appliance with its dynamic child; the pushed document stays secret", async () => {
  const lab = exampleLab();
  const t = tracked();
  const appliance = new Appliance(
    "pi",
    { lab, secrets: secretsOf(lab), privateKey: pulumi.secret("KEY") },
    t.opts,
  );
  assert.equal(await resolved(appliance.configHash), "h");
  assert.equal(await pulumi.isSecret(appliance.pushedConfig), true);
  assert.deepEqual(t.children(appliance), ["pulumi-nodejs:dynamic/pibx/appliance:Appliance"]);
  const inputs = registered.find((r) => r.custom && r.type.endsWith("/appliance:Appliance"))?.inputs ?? {};
  // The child is told where the lab says the Pi is, with the lab's SSH user and port; the
  // connection (it holds the key) and the secret values reach it as secrets.
  const connection = unwrap(inputs.connection);
  assert.equal(connection.secret, true);
  assert.deepEqual(
    { host: connection.value?.host, port: connection.value?.port, user: connection.value?.username },
    { host: "172.16.0.10", port: 22, user: "pibx" },
  );
  assert.equal(unwrap(inputs.secrets).secret, true);
  assert.equal(unwrap(inputs.secrets).value?.trunkPassword, testSecrets(lab).trunkPassword);
  assert.equal(inputs.lab?.site?.domain, "pbx.home.arpa");
});

test("PiImage: a LocalCommand keyed by the recipe key; an IVR change does not change the key", async () => {
  const lab = exampleLab();
  const t = tracked();
  const image = new PiImage(
    "img",
    { lab, labFile: join(repoRoot, "examples/home-lab/lab.yaml"), repoRoot, recipeKey: "k1" },
    t.opts,
  );
  assert.equal(await resolved(image.path), "/cache/pibx-abc.img");
  assert.deepEqual(t.children(image), ["pulumi-nodejs:dynamic/pibx/command:LocalCommand"]);
  const build = registered.find((r) => r.name === "img-build")?.inputs;
  assert.equal(build?.triggers, "k1");
  assert.equal(build?.parse, "path-sha256");
  assert.ok(((build?.command ?? []) as string[]).includes("--lab"));

  const sources = { bundleSha256: "b", packageLocks: { "trixie-arm64.json": "l" } };
  const ivr = structuredClone(lab);
  ivr.ivrMenus[0]!.options["13"] = { destination: { extension: "101" }, hidden: false };
  assert.equal(imageRecipeKey(ivr, sources), imageRecipeKey(lab, sources));
  const bigger = structuredClone(lab);
  bigger.appliance.image.sizeGiB += 1;
  assert.notEqual(imageRecipeKey(bigger, sources), imageRecipeKey(lab, sources));
  assert.notEqual(imageRecipeKey(lab, { ...sources, bundleSha256: "c" }), imageRecipeKey(lab, sources));

  new SdCard("card", { image, device: "/dev/sdz", repoRoot });
  await new Promise((r) => setTimeout(r, 50));
  const flash = registered.find((r) => r.name === "card-flash")?.inputs;
  assert.equal(flash?.triggers, `${"a".repeat(64)}@/dev/sdz`);
  assert.deepEqual(((flash?.command ?? []) as string[]).slice(-5), [
    "flash",
    "/cache/pibx-abc.img",
    "/dev/sdz",
    "--sha256",
    "a".repeat(64),
  ]);
});

test("LabRouter picks the provider of the router's kind, with the credentials as secrets", async () => {
  const lab = exampleLab();
  const t = tracked();
  const router = new LabRouter("lab-router", { lab, secrets: secretsOf(lab) }, t.opts);
  assert.equal(router.kind, "cisco-ios");
  await resolved(router.livePlan);
  assert.deepEqual(t.children(router), ["pulumi-nodejs:dynamic/pibx/router:IosRouter"]);
  const conn = registered.find((r) => r.type.endsWith("/router:IosRouter"))?.inputs.connection;
  const { secret, value } = unwrap(conn);
  const password = unwrap(value?.password);
  assert.ok(secret || password.secret, "the password reaches the provider as a secret");
  assert.equal(password.value, testSecrets(lab).routerPassword);
  assert.equal(unwrap(value?.enableSecret).value, testSecrets(lab).routerEnable);
  // A lab without the password it needs is refused up front.
  const noPassword = { ...secretsOf(lab) };
  delete noPassword.routerPassword;
  assert.throws(() => new LabRouter("bad", { lab, secrets: noPassword }), /management.password is required/);
});

test("HomeRouterForwards wraps PortForwards with the derived plan", async () => {
  const lab = exampleLab();
  // UPnP on the home router, forwarding to the lab router's static outside address.
  lab.network.homeRouter = { kind: "upnp", address: "192.168.1.1" };
  lab.network.labRouter!.interfaces.outside = { name: "FastEthernet0/0", address: "192.168.1.2/24" };
  const t = tracked();
  const forwards = new HomeRouterForwards("home", { lab }, t.opts);
  await resolved(forwards.mappings);
  assert.deepEqual(t.children(forwards), ["pulumi-nodejs:dynamic/pibx/router:PortForwards"]);
  const plan = registered.find((r) => r.type.endsWith("/router:PortForwards"))?.inputs.plan;
  assert.ok(plan, "a plan is passed");
});

test("HomeRouterForwards follows the lease a DHCP lab router reports", async () => {
  const lab = exampleLab(); // FastEthernet0/0 by DHCP, manual home router
  const router = new LabRouter("dhcp-router", { lab, secrets: secretsOf(lab) });
  const forwards = new HomeRouterForwards("dhcp-home", { lab, labRouter: router });
  assert.equal(await resolved(forwards.internalClient), "192.168.1.57");
  await resolved(forwards.mappings);
  const child = registered.find((r) => r.name === "dhcp-home" && r.type.endsWith("/router:PortForwards"));
  const plan = child?.inputs.plan as { internalClient: string; leasedOn?: string; kind: string };
  assert.deepEqual(
    [plan.kind, plan.internalClient, plan.leasedOn],
    ["manual", "192.168.1.57", "FastEthernet0/0"],
  );
  assert.equal(child?.inputs.via, undefined, "a manual checklist needs no SSH");
  // Without the LabRouter, nothing says where the forwards go: refused up front.
  assert.throws(() => new HomeRouterForwards("orphan", { lab }), /takes its address by DHCP/);
});

test("Onboarding: QR code files per softphone, URLs secret, desk-phone provisioning URLs plain", async () => {
  const lab = exampleLab();
  let n = 0;
  const onboarding = new Onboarding("onboarding", {
    lab,
    secrets: secretsOf(lab),
    onboardingKey: pulumi.secret(Buffer.alloc(32, 7).toString("base64")),
    outDir,
    now: Date.UTC(2026, 0, 1),
    nonce: () => `nonce-${n++}`,
    writeFiles: true,
  });
  const qr = await resolved(onboarding.qrCodes);
  assert.deepEqual(
    qr.map((q) => q.file),
    [join(outDir, "alice-iphone.png"), join(outDir, "bob-iphone.png")],
  );
  assert.equal(qr[0]?.expiresAt, "2026-01-02T00:00:00.000Z");
  assert.equal(await pulumi.isSecret(onboarding.qrCodes), false);
  assert.equal(await pulumi.isSecret(onboarding.linphoneUrls), true);
  assert.match(
    (await resolved(onboarding.linphoneUrls))["alice-iphone"] ?? "",
    /^http:\/\/172\.16\.0\.10\/.+onboard\//,
  );
  assert.equal(onboarding.option160Url, "http://172.16.0.10/prov/$PN/$MA.xml");
  assert.deepEqual(
    onboarding.provisioningUrls.map((p) => p.deviceId),
    ["desk-7821"],
  );
  const { readFileSync, statSync } = await import("node:fs");
  assert.equal(readFileSync(join(outDir, "alice-iphone.png")).subarray(1, 4).toString(), "PNG");
  assert.equal(statSync(join(outDir, "alice-iphone.png")).mode & 0o777, 0o600);
});

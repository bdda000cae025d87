import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Logger } from "../base/index.ts";
import { type ApplianceStatus, trunkView } from "./appliance-status.ts";
import { StatusEndpoint } from "./status-endpoint.ts";

const STATUS: ApplianceStatus = {
  version: "0.1.0",
  configSha256: "ab".repeat(32),
  startedAt: "2026-11-27T00:00:00.000Z",
  registrar: { bindings: 2 },
  trunks: [
    trunkView(
      {
        trunk: "provider",
        state: "registered",
        consecutiveFailures: 0,
        expiresAt: 70_000,
        callId: "c",
        cseq: 3,
        lastError: { status: 401, reason: "Unauthorized", at: 1 },
      },
      10_000,
    ),
  ],
  provisioning: { http: { address: "0.0.0.0", port: 80 } },
};

describe("status endpoint", () => {
  it("GET /status answers the JSON document; other paths 404, other methods 405", async () => {
    const ep = new StatusEndpoint(() => STATUS, Logger.silent());
    const { port } = await ep.listen(0, "127.0.0.1");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type") ?? "", /application\/json/);
      const body = (await res.json()) as ApplianceStatus;
      assert.deepEqual(body, STATUS);
      assert.deepEqual(body.trunks[0], {
        name: "provider",
        state: "registered",
        registered: true,
        consecutiveFailures: 0,
        expiresInSeconds: 60,
        lastError: { status: 401, reason: "Unauthorized" },
      });
      assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
      assert.equal((await fetch(`http://127.0.0.1:${port}/status`, { method: "POST" })).status, 405);
    } finally {
      await ep.close();
    }
  });

  it("writes status.json in the state dir, owner-only", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pibx-status-"));
    try {
      const ep = new StatusEndpoint(() => STATUS, Logger.silent());
      await ep.writeFile(dir);
      const file = join(dir, "status.json");
      assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), STATUS);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      await ep.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

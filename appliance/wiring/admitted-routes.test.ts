import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExtensionRouter } from "../pbx/calls/index.ts";
import { AdmittedRoutes } from "./admitted-routes.ts";

describe("AdmittedRoutes", () => {
  const extensions = new ExtensionRouter([{ number: "100" }, { number: "101" }]);

  it("a trunk call noted for extension 100 rings 100 once; then the Request-URI decides again", () => {
    const routes = new AdmittedRoutes();
    const router = routes.router(extensions);
    routes.note("pibx-token", "15550199", { extension: "100" });
    assert.deepEqual(router.route("pibx-token", { number: "15550199" }), { kind: "extension", user: "100" });
    assert.deepEqual(router.route("pibx-token", { number: "15550199" }), { kind: "reject", status: 404 });
  });

  it("without a note the dialled number is routed as is", () => {
    const router = new AdmittedRoutes().router(extensions);
    assert.deepEqual(router.route("101", { number: "100" }), { kind: "extension", user: "101" });
  });

  it("a note for another caller does not apply", () => {
    const routes = new AdmittedRoutes();
    routes.note("pibx-token", "15550199", { extension: "100" });
    assert.deepEqual(routes.router(extensions).route("pibx-token", { number: "15550142" }), {
      kind: "reject",
      status: 404,
    });
  });
});

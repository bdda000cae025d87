// What can go wrong converging the appliance, each error naming the step and the host.

/** The derived config failed the appliance-config schema before anything was sent. */
export class ApplianceConfigInvalidError extends Error {
  override name = "ApplianceConfigInvalidError";
  constructor(readonly problems: ReadonlyArray<{ path: string; message: string }>) {
    super(
      `the derived appliance config is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    );
  }
}

/** The appliance refused the pushed config; the previous file was put back. */
export class ApplianceConfigRejectedError extends Error {
  override name = "ApplianceConfigRejectedError";
  constructor(
    readonly host: string,
    readonly step: "validate" | "reload",
    readonly detail: string,
  ) {
    super(`${host}: the appliance rejected the new config at ${step} (the previous config stays): ${detail}`);
  }
}

/** The appliance did not become healthy (service down, reload unconfirmed, trunk unregistered). */
export class ApplianceUnhealthyError extends Error {
  override name = "ApplianceUnhealthyError";
  constructor(
    readonly host: string,
    readonly detail: string,
  ) {
    super(`${host}: the appliance is not healthy after the push: ${detail}`);
  }
}

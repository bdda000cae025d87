// The home router backends' typed errors.

/** The forwards cannot be derived (an address pibx cannot know, a port out of range). */
export class HomeForwardError extends Error {
  override name = "HomeForwardError";
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

/** No Internet Gateway Device answered, or its description names no WAN connection service. */
export class UpnpDiscoveryError extends Error {
  override name = "UpnpDiscoveryError";
}

/** An HTTP exchange with the IGD failed below SOAP (connection, status, malformed response). */
export class UpnpHttpError extends Error {
  override name = "UpnpHttpError";
  constructor(
    readonly url: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${url}: ${message}`);
  }
}

/** The IGD answered a SOAP action with a UPnP error (e.g. 713 SpecifiedArrayIndexInvalid, 718 ConflictInMappingEntry). */
export class UpnpSoapFault extends Error {
  override name = "UpnpSoapFault";
  constructor(
    readonly action: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`${action}: UPnP error ${code} ${description}`);
  }
}

/** An external port pibx needs is mapped by someone else (another host or description). */
export class UpnpConflictError extends Error {
  override name = "UpnpConflictError";
}

// A file request as the HTTP and TFTP servers hand it to ProvisioningService, and the answer.

export interface FetchRequest {
  readonly protocol: "http" | "tftp";
  readonly method: string;
  /** The path as sent (HTTP request target, TFTP file name). */
  readonly target: string;
  readonly source: string;
  readonly userAgent?: string;
  readonly authorization?: string;
}

export interface FetchResult {
  readonly status: 200 | 401 | 403 | 404 | 405 | 410 | 500;
  readonly body?: string;
  readonly contentType?: string;
  /** WWW-Authenticate value of a 401. */
  readonly challenge?: string;
  /** The device served or refused, when known. */
  readonly deviceId?: string;
}

/** A result and the reason logged with it. */
export interface Outcome {
  readonly result: FetchResult;
  readonly detail: string;
  readonly level: "info" | "warn";
}

// What a request handler returns: the final response's status and extra headers. The UA core
// builds the response from the request (RFC 3261 §8.2.6), so handlers never copy Via or tags.

export interface Reply {
  status: number;
  reason?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
}

// Who asks the dial plan for a route. Outbound calls need an extension that passed digest auth:
// the only way to get an AuthenticatedIdentity is from a successful authentication result (the
// AuthGate's `{ ok: true, user }`), so a request from the internet side that was never
// authenticated cannot be routed to a trunk (the toll-fraud path stays closed).

declare const authenticated: unique symbol;

export interface AuthenticatedIdentity {
  readonly user: string;
  readonly [authenticated]: true;
}

/** Mints the identity from a successful authentication (protection/AuthGate's GateResult). */
export function authenticatedIdentity(result: { ok: true; user: string }): AuthenticatedIdentity {
  if (result.ok !== true || typeof result.user !== "string" || result.user.length === 0)
    throw new TypeError("authenticatedIdentity needs a successful authentication result");
  return { user: result.user } as AuthenticatedIdentity;
}

export type RouteCaller =
  /** An extension's device that passed digest auth (RFC 3261 §22). */
  | { kind: "extension"; identity: AuthenticatedIdentity }
  /** An inbound call from a trunk (recognised by TrunkInboundRecognizer), e.g. dialling on in an IVR. */
  | { kind: "trunk"; trunk: string }
  /** Anything else: the internet side, an unauthenticated request. */
  | { kind: "unauthenticated"; source?: string };

// Route sets and the Request-URI of requests inside a dialog (RFC 3261 §12.1.1, §12.1.2,
// §12.2.1.1), with loose (lr) and strict routing (§16.12.1.1 gives the strict-router case).
import { getRecordRoutes, type NameAddr, type SipMessage, type Uri } from "../message/index.ts";

/** RFC 3261 §12.1.1: the UAS keeps the Record-Route URIs in order. */
export function uasRouteSet(req: SipMessage): NameAddr[] {
  return getRecordRoutes(req).map(routeEntry);
}

/** RFC 3261 §12.1.2: the UAC takes the Record-Route of the response in reverse order. */
export function uacRouteSet(res: SipMessage): NameAddr[] {
  return getRecordRoutes(res).map(routeEntry).reverse();
}

/** Route entries keep the URI and its parameters (lr included), not display names or header params. */
function routeEntry(na: NameAddr): NameAddr {
  return { uri: na.uri, params: new Map(na.params) };
}

export function isLooseRoute(uri: Uri): boolean {
  return uri.type === "sip" && uri.params.has("lr");
}

export interface RequestTarget {
  /** The Request-URI of the request. */
  requestUri: Uri;
  /** Route header values, in order. */
  routes: NameAddr[];
  /** Where the request goes first (§8.1.2: the first Route, else the Request-URI). */
  nextHop: Uri;
}

/** Parameters a Request-URI cannot carry (RFC 3261 §19.1.1, Table 1): method; headers neither. */
function asRequestUri(uri: Uri): Uri {
  if (uri.type !== "sip") return uri;
  const params = new Map(uri.params);
  params.delete("method");
  return { ...uri, params, headers: [] };
}

/**
 * RFC 3261 §12.2.1.1: with an empty route set the Request-URI is the remote target and there is
 * no Route; when the first route is a loose router (lr) the Request-URI is the remote target and
 * the Route headers are the route set; otherwise (a strict router) the Request-URI is the first
 * route, stripped of parameters not allowed in a Request-URI, and the Route headers are the rest
 * of the route set followed by the remote target.
 */
export function dialogRequestTarget(remoteTarget: Uri, routeSet: readonly NameAddr[]): RequestTarget {
  const first = routeSet[0];
  if (!first) return { requestUri: remoteTarget, routes: [], nextHop: remoteTarget };
  if (isLooseRoute(first.uri)) {
    return { requestUri: remoteTarget, routes: routeSet.map(routeEntry), nextHop: first.uri };
  }
  const requestUri = asRequestUri(first.uri);
  const routes = [...routeSet.slice(1).map(routeEntry), { uri: remoteTarget, params: new Map() }];
  return { requestUri, routes, nextHop: requestUri };
}

export {
  getAccept,
  getAuthValues,
  getCallId,
  getContacts,
  getContentType,
  getCSeq,
  getExpires,
  getFrom,
  getMaxForwards,
  getRecordRoutes,
  getRoutes,
  getTo,
  getTokens,
  getTopVia,
  getVias,
} from "./accessors.ts";
export type { AuthValue } from "./auth.ts";
export { formatAuthValue, parseAuthValue } from "./auth.ts";
export type { FramerEvent } from "./framer.ts";
export { StreamFramer } from "./framer.ts";
export { COMPACT_FORMS, canonicalHeaderName, isListHeader, SINGLE_VALUED } from "./header-names.ts";
export type { ParseLimits } from "./limits.ts";
export { DEFAULT_LIMITS, resolveLimits } from "./limits.ts";
export type { HeaderField, SipMessage, SipRequest, SipResponse } from "./message.ts";
export {
  addHeader,
  cloneMessage,
  getHeader,
  getHeaders,
  getHeaderValues,
  hasHeader,
  removeHeader,
  SIP_VERSION,
  setHeader,
} from "./message.ts";
export type { NameAddr } from "./name-addr.ts";
export { formatNameAddr, getTag, parseNameAddr, parseNameAddrList } from "./name-addr.ts";
export { formatParams, parseParams } from "./params.ts";
export type { MessageHead, ParseOptions } from "./parse.ts";
export { parseHead, parseMessage } from "./parse.ts";
export type { ResponseOptions } from "./response.ts";
export {
  createResponse,
  REASON_PHRASES,
  reasonPhrase,
  replyToUnparsable,
  responseForFailure,
} from "./response.ts";
export type { CSeq, MediaType } from "./scalars.ts";
export {
  formatCSeq,
  mediaRangeMatches,
  parseAccept,
  parseCallId,
  parseContentLength,
  parseCSeq,
  parseExpires,
  parseMaxForwards,
  parseMediaType,
  parseTokenList,
} from "./scalars.ts";
export { quote, Scanner, unquote } from "./scanner.ts";
export { serializeMessage, startLine } from "./serialize.ts";
export { splitList } from "./split.ts";
export type { AbsoluteUri, Params, SipUri, TelUri, Uri } from "./uri.ts";
export { escapeIn, formatUri, isIpv4, isIpv6, parseUri, sipUri, uriEquals } from "./uri.ts";
export type { ResponseVerdict, ValidationOptions, Verdict } from "./validate.ts";
export { validateRequest, validateResponse } from "./validate.ts";
export type { Via } from "./via.ts";
export {
  formatVia,
  parseVia,
  parseViaList,
  viaBranch,
  viaMaddr,
  viaReceived,
  viaRport,
  viaSentBy,
  viaTtl,
} from "./via.ts";

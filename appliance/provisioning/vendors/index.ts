// The per-vendor renderers, by firmware family.
export { ciscoMppProductName, ciscoProfileRule, renderCiscoMpp, renderCiscoMppGeneric } from "./cisco-mpp.ts";
export { ciscoSipFileName, ciscoTimeZoneName, renderCiscoSip } from "./cisco-sip.ts";
export { renderGrandstream } from "./grandstream.ts";
export { renderLinphone } from "./linphone.ts";
export { polycomConfigFileName, renderPolycom, renderPolycomMaster } from "./polycom.ts";
export { renderSnom, snomFileName } from "./snom.ts";
export { renderYealink, renderYealinkCommon } from "./yealink.ts";

export type { Capabilities } from "./options-handler.ts";
export { optionsReply } from "./options-handler.ts";
export type { Reply } from "./reply.ts";
export type { RequestContext, RequestHandler, UaCoreOptions } from "./ua-core.ts";
export { UaCore } from "./ua-core.ts";

// The simplest routing table: extensions and conference rooms (tests, a PBX without features).
import type { Destination } from "./call-deps.ts";
import { PbxRouter } from "./pbx-router.ts";

export interface ExtensionEntry {
  number: string;
  displayName?: string;
  /** Where an unanswered call to this extension goes next. */
  onNoAnswer?: Destination;
}

export class ExtensionRouter extends PbxRouter {
  constructor(extensions: readonly ExtensionEntry[], rooms: readonly string[] = [], ringTimeoutMs?: number) {
    super({
      extensions,
      rooms,
      ...(ringTimeoutMs === undefined ? {} : { ringTimeoutMs }),
    });
  }
}

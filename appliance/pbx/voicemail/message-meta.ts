// A voicemail message's metadata: the JSON file next to the audio, whose durable rename is the
// commit point of a deposit (see voicemail-store.ts).
import { ParseError } from "../../base/index.ts";

export type MessageFlag = "new" | "saved";

export interface CallerIdentity {
  number?: string;
  name?: string;
}

export interface MessageMeta {
  /** Sortable by time: `<13-digit epoch ms>-<random>`. */
  id: string;
  box: string;
  caller: CallerIdentity;
  /** ISO 8601 UTC instant the message was received. */
  receivedAt: string;
  durationMs: number;
  sampleRate: number;
  /** Samples in the audio file's data chunk (16-bit linear PCM, mono). */
  samples: number;
  /** SHA-256 (hex) of the data chunk's octets. */
  sha256: string;
  flag: MessageFlag;
}

const ID_RE = /^\d{13}-[0-9A-Za-z]{6,32}$/;

export function isMessageId(s: string): boolean {
  return ID_RE.test(s);
}

/** Parses and checks a metadata file's text. */
export function parseMessageMeta(text: string): MessageMeta {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new ParseError(`message metadata is not JSON: ${(err as Error).message}`, 0);
  }
  if (typeof v !== "object" || v === null) throw new ParseError("message metadata is not an object", 0);
  const o = v as Record<string, unknown>;
  const str = (k: string) => {
    if (typeof o[k] !== "string") throw new ParseError(`message metadata: ${k} must be a string`, 0);
    return o[k] as string;
  };
  const num = (k: string) => {
    if (typeof o[k] !== "number" || !Number.isFinite(o[k]))
      throw new ParseError(`message metadata: ${k} must be a number`, 0);
    return o[k] as number;
  };
  const flag = str("flag");
  if (flag !== "new" && flag !== "saved") throw new ParseError("message metadata: bad flag", 0);
  const id = str("id");
  if (!isMessageId(id)) throw new ParseError("message metadata: bad id", 0);
  const callerRaw = (typeof o.caller === "object" && o.caller !== null ? o.caller : {}) as Record<
    string,
    unknown
  >;
  const caller: CallerIdentity = {};
  if (typeof callerRaw.number === "string") caller.number = callerRaw.number;
  if (typeof callerRaw.name === "string") caller.name = callerRaw.name;
  return {
    id,
    box: str("box"),
    caller,
    receivedAt: str("receivedAt"),
    durationMs: num("durationMs"),
    sampleRate: num("sampleRate"),
    samples: num("samples"),
    sha256: str("sha256"),
    flag,
  };
}

// RFC 3842 `application/simple-message-summary` bodies: build and parse.
//
//   Messages-Waiting: yes                      (RFC 3842 §5.2: the status line comes first)
//   Message-Account: sip:100@pbx.home.arpa
//   Voice-Message: 2/8 (0/2)                   new/old (urgent new/urgent old)
import { ParseError } from "../../base/index.ts";

export const MESSAGE_SUMMARY_CONTENT_TYPE = "application/simple-message-summary";
export const MESSAGE_SUMMARY_EVENT = "message-summary";

/** RFC 3458 message-context classes that RFC 3842 §5.2 uses as summary line names. */
export type MessageClass =
  | "voice-message"
  | "fax-message"
  | "pager-message"
  | "multimedia-message"
  | "text-message"
  | "none";
const CLASSES: readonly MessageClass[] = [
  "voice-message",
  "fax-message",
  "pager-message",
  "multimedia-message",
  "text-message",
  "none",
];

export interface MessageCounts {
  new: number;
  old: number;
  urgentNew?: number;
  urgentOld?: number;
}

export interface MessageSummary {
  waiting: boolean;
  account?: string;
  /** Per message class; voicemail uses `voice-message`. */
  counts: Partial<Record<MessageClass, MessageCounts>>;
}

const MAX_BODY = 8192;

/** Builds a body; `waiting` defaults to "any new message". */
export function buildMessageSummary(s: {
  account?: string;
  voice: MessageCounts;
  waiting?: boolean;
}): string {
  const waiting = s.waiting ?? s.voice.new > 0;
  // RFC 3842 §5.2: msg-status-line ("Messages-Waiting") MUST be the first line.
  const lines = [`Messages-Waiting: ${waiting ? "yes" : "no"}`];
  // RFC 3842 §5.2: Message-Account is optional; it names the account the summary is for.
  if (s.account) lines.push(`Message-Account: ${s.account}`);
  lines.push(`Voice-Message: ${countsText(s.voice)}`);
  return `${lines.join("\r\n")}\r\n`;
}

function countsText(c: MessageCounts): string {
  const check = (n: number) => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`bad message count ${n}`);
    return n;
  };
  const base = `${check(c.new)}/${check(c.old)}`;
  return c.urgentNew === undefined && c.urgentOld === undefined
    ? base
    : `${base} (${check(c.urgentNew ?? 0)}/${check(c.urgentOld ?? 0)})`;
}

/** Parses a body (lenient on case, whitespace and line endings; strict on the numbers). */
export function parseMessageSummary(body: string): MessageSummary {
  if (body.length > MAX_BODY) throw new ParseError("message summary too long", MAX_BODY);
  let waiting: boolean | undefined;
  let account: string | undefined;
  const counts: MessageSummary["counts"] = {};
  let offset = 0;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    const at = offset;
    offset += raw.length + 1;
    // RFC 3842 §5.2: a blank line ends the summary lines; optional message headers follow.
    if (line === "") {
      if (waiting !== undefined) break;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon < 0) throw new ParseError("expected name: value", at);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (waiting === undefined) {
      // RFC 3842 §5.2: the first line must be Messages-Waiting.
      if (name !== "messages-waiting") throw new ParseError("first line must be Messages-Waiting", at);
      const v = value.toLowerCase();
      if (v !== "yes" && v !== "no")
        throw new ParseError("Messages-Waiting must be yes or no", at + colon + 1);
      waiting = v === "yes";
    } else if (name === "message-account") {
      account = value;
    } else if ((CLASSES as readonly string[]).includes(name)) {
      const m = /^(\d{1,9})\s*\/\s*(\d{1,9})(?:\s*\(\s*(\d{1,9})\s*\/\s*(\d{1,9})\s*\))?$/.exec(value);
      if (!m) throw new ParseError(`bad ${name} counts`, at + colon + 1);
      const c: MessageCounts = { new: Number(m[1]), old: Number(m[2]) };
      if (m[3] !== undefined) {
        c.urgentNew = Number(m[3]);
        c.urgentOld = Number(m[4]);
      }
      counts[name as MessageClass] = c;
    }
    // Unknown lines are extensions: ignored.
  }
  if (waiting === undefined) throw new ParseError("no Messages-Waiting line", 0);
  return account === undefined ? { waiting, counts } : { waiting, account, counts };
}

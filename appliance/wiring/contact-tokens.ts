// The trunks' Contact tokens, kept across restarts. The provider sends calls to the Contact we
// registered, and the inbound recogniser accepts only the current token; with a fresh token per
// start, a provider that still holds the previous run's binding (its lifetime has not run out)
// routes calls to a Contact we now refuse. So each trunk's token lives in the state directory:
// one JSON file `{ "<trunk>": "<token>" }`, written durably (temp, fsync, rename, fsync dir).
import { readFileSync } from "node:fs";
import type { IdSource, Logger } from "../base/index.ts";
import { writeFileDurableSync } from "../store/index.ts";

/** 24 symbols of [0-9A-Za-z]: > 128 bits, as TrunkRegistration draws them. */
const TOKEN_LENGTH = 24;
const VALID = /^[0-9A-Za-z]{16,64}$/;

export class ContactTokens {
  private tokens: Record<string, string> | undefined;

  constructor(
    private readonly path: string,
    private readonly ids: Pick<IdSource, "token">,
    private readonly logger?: Logger,
  ) {}

  /** The trunk's token: the stored one, else a new one, stored before it is returned. */
  tokenFor(trunk: string): string {
    const tokens = this.load();
    const known = tokens[trunk];
    if (known !== undefined && VALID.test(known)) return known;
    const token = this.ids.token(TOKEN_LENGTH);
    const next = { ...tokens, [trunk]: token };
    // Stored first: a token the provider learns must survive a power cut right after.
    writeFileDurableSync(this.path, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    this.tokens = next;
    return token;
  }

  private load(): Record<string, string> {
    if (this.tokens) return this.tokens;
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      this.tokens = {};
      return this.tokens;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
        throw new TypeError("not an object");
      this.tokens = Object.fromEntries(
        Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string"),
      );
    } catch (err) {
      // Unreadable: new tokens (the provider's old bindings expire on their own).
      this.logger?.warn("trunk Contact tokens unreadable: new ones are drawn", { path: this.path, err });
      this.tokens = {};
    }
    return this.tokens;
  }
}

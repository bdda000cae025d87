// A random secret kept in the state directory (e.g. the nonce HMAC key), created on first use so
// it survives restarts: nonces issued before a restart stay verifiable after it.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { writeFileDurableSync } from "./atomic-write.ts";

export function loadOrCreateSecret(path: string, bytes = 32): Buffer {
  try {
    const existing = Buffer.from(readFileSync(path, "utf8").trim(), "base64");
    if (existing.length >= bytes) return existing;
  } catch {
    // missing or unreadable: create a new one below
  }
  const secret = randomBytes(bytes);
  writeFileDurableSync(path, `${secret.toString("base64")}\n`, 0o600);
  return secret;
}

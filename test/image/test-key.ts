// The boot test's SSH key pair, made once with ssh-keygen and kept in the cache (outside the repo),
// so an unchanged recipe keeps its hash and its cached image between runs.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDirs } from "../../images/build/cache-dirs.ts";

export interface KeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

export function testKeyPair(): KeyPair {
  const dir = join(cacheDirs().root, "test-key");
  const privateKey = join(dir, "id_ed25519");
  if (!existsSync(privateKey)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "pibx-image-test", "-f", privateKey]);
  }
  return { privateKey, publicKey: readFileSync(`${privateKey}.pub`, "utf8").trim() };
}

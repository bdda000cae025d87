// SSH algorithm lists per target. An 1841 (IOS 12.4/15.x) speaks only SSH's old guard:
// diffie-hellman-group1/group14-sha1, aes-cbc/3des-cbc, hmac-sha1, ssh-rsa host keys. Those are
// appended after ssh2's modern defaults for a declared cisco-ios target only, so a modern server
// still negotiates modern algorithms and no other target ever offers the weak ones.
import type { Algorithms } from "ssh2";
import type { RouterKind } from "../router-intent.ts";

export const LEGACY_IOS_ALGORITHMS = {
  kex: ["diffie-hellman-group14-sha1", "diffie-hellman-group1-sha1"],
  cipher: ["aes128-cbc", "aes192-cbc", "aes256-cbc", "3des-cbc"],
  serverHostKey: ["ssh-rsa"],
  hmac: ["hmac-sha1"],
} as const;

export function sshAlgorithmsFor(kind: RouterKind): Algorithms | undefined {
  if (kind !== "cisco-ios") return undefined;
  return {
    kex: { append: [...LEGACY_IOS_ALGORITHMS.kex], prepend: [], remove: [] },
    cipher: { append: [...LEGACY_IOS_ALGORITHMS.cipher], prepend: [], remove: [] },
    serverHostKey: { append: [...LEGACY_IOS_ALGORITHMS.serverHostKey], prepend: [], remove: [] },
    hmac: { append: [...LEGACY_IOS_ALGORITHMS.hmac], prepend: [], remove: [] },
  };
}

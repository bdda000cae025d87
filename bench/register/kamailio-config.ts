// Kamailio (Debian 5.6) as an authenticating registrar for the comparison: tm + sl, digest
// auth against plain passwords held in an htable (filled at module init), usrloc in memory
// (db_mode 0), save("location"). Same realm, same users, same passwords as the appliance.
import { readdirSync } from "node:fs";
import { join } from "node:path";

export function kamailioModulePath(): string {
  for (const dir of readdirSync("/usr/lib")) {
    const candidate = join("/usr/lib", dir, "kamailio", "modules");
    try {
      if (readdirSync(candidate).includes("registrar.so")) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error("kamailio modules not found under /usr/lib/*/kamailio/modules");
}

export interface KamailioBenchConfig {
  port: number;
  realm: string;
  users: ReadonlyArray<{ user: string; password: string }>;
  children: number;
}

export function renderKamailioConfig(c: KamailioBenchConfig): string {
  const users = c.users.map((u) => `  $sht(users=>${u.user}) = "${u.password}";`).join("\n");
  return `#!KAMAILIO
debug=1
log_stderror=yes
fork=yes
children=${c.children}
auto_aliases=no
listen=udp:127.0.0.1:${c.port}
alias="${c.realm}"

mpath="${kamailioModulePath()}"
loadmodule "kex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "textops.so"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "siputils.so"
loadmodule "auth.so"
loadmodule "htable.so"

modparam("usrloc", "db_mode", 0)
modparam("registrar", "max_expires", 3600)
modparam("registrar", "min_expires", 10)
modparam("auth", "nonce_expire", 300)
modparam("htable", "htable", "users=>size=14;")

event_route[htable:mod-init] {
${users}
}

request_route {
  if (!mf_process_maxfwd_header("10")) {
    sl_send_reply("483", "Too Many Hops");
    exit;
  }
  force_rport();
  if (is_method("OPTIONS")) {
    sl_send_reply("200", "OK");
    exit;
  }
  if (!is_method("REGISTER")) {
    sl_send_reply("405", "Method Not Allowed");
    exit;
  }
  if (t_precheck_trans()) {
    t_check_trans();
    exit;
  }
  t_check_trans();
  # Digest (RFC 2617 with qop=auth: flag 1), password from the htable; unknown users fail too.
  if (!pv_www_authenticate("${c.realm}", "$sht(users=>$fU)", "0")) {
    www_challenge("${c.realm}", "1");
    exit;
  }
  if (!save("location")) {
    sl_reply_error();
  }
  exit;
}
`;
}

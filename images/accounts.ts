// The admin account, written straight into passwd/group/shadow/gshadow (no useradd under
// emulation): deterministic ids and a fixed password-change date, so the files are reproducible.
import { RecipeError } from "./errors.ts";

export interface AccountFiles {
  readonly passwd: string;
  readonly group: string;
  readonly shadow: string;
  readonly gshadow: string;
}

const rows = (text: string) =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split(":"));
const join = (table: string[][]) => `${table.map((r) => r.join(":")).join("\n")}\n`;

/** First id ≥ 1000 free in both passwd and group (Debian's range for people). */
function freeId(passwd: string[][], group: string[][]): number {
  const used = new Set([...passwd.map((r) => Number(r[2])), ...group.map((r) => Number(r[2]))]);
  let id = 1000;
  while (used.has(id)) id++;
  return id;
}

/**
 * Adds `user` (own group, member of `sudo`), locks every password (key-only login; "*" is not a
 * hash anything matches) and sets every shadow last-change day to `day`.
 */
export function withAdminAccount(
  f: AccountFiles,
  user: string,
  day: number,
): AccountFiles & { uid: number; gid: number } {
  const passwd = rows(f.passwd);
  const group = rows(f.group);
  const shadow = rows(f.shadow);
  const gshadow = rows(f.gshadow);
  if (passwd.some((r) => r[0] === user))
    throw new RecipeError("admin.user", `"${user}" is a system account of the image`);
  if (!group.some((r) => r[0] === "sudo")) throw new RecipeError("admin.user", "the image has no sudo group");
  const id = freeId(passwd, group);
  passwd.push([user, "x", String(id), String(id), "pibx administrator", `/home/${user}`, "/bin/bash"]);
  group.push([user, "x", String(id), ""]);
  gshadow.push([user, "!", "", ""]);
  shadow.push([user, "*", String(day), "0", "99999", "7", "", "", ""]);
  const addMember = (table: string[][], name: string, col: number) => {
    for (const r of table) {
      if (r[0] !== name) continue;
      const members = (r[col] ?? "").split(",").filter((m) => m !== "");
      r[col] = [...members, user].join(",");
    }
  };
  addMember(group, "sudo", 3);
  addMember(gshadow, "sudo", 3);
  for (const r of shadow) {
    if (r[1] === "" || (r[1] !== "*" && !r[1]!.startsWith("!"))) r[1] = "*"; // no password is ever valid
    if (r[2] !== "") r[2] = String(day);
  }
  return {
    passwd: join(passwd),
    group: join(group),
    shadow: join(shadow),
    gshadow: join(gshadow),
    uid: id,
    gid: id,
  };
}

/** The appliance's own system account: pibx.service runs as it, /etc/pibx/appliance.json is root:_pibx 0640. */
export const SERVICE_USER = "_pibx";
/** Fixed (not allocated at build or boot time), so the image and every Pi agree on it. */
export const SERVICE_ID = 900;

/**
 * Adds the static system user and group `_pibx` (uid = gid = {@link SERVICE_ID}, home
 * /var/lib/pibx, no shell, locked). Debian's convention for a daemon's account is the leading
 * underscore; it also keeps clear of the admin login, which labs usually call `pibx`.
 */
export function withServiceAccount(f: AccountFiles): AccountFiles {
  const passwd = rows(f.passwd);
  const group = rows(f.group);
  const shadow = rows(f.shadow);
  const gshadow = rows(f.gshadow);
  if (passwd.some((r) => r[0] === SERVICE_USER) || group.some((r) => r[0] === SERVICE_USER))
    throw new RecipeError("admin.user", `"${SERVICE_USER}" already exists in the image`);
  const id = String(SERVICE_ID);
  if (passwd.some((r) => r[2] === id) || group.some((r) => r[2] === id))
    throw new RecipeError("admin.user", `id ${id} for ${SERVICE_USER} is taken in the image`);
  passwd.push([SERVICE_USER, "x", id, id, "pibx appliance", "/var/lib/pibx", "/usr/sbin/nologin"]);
  group.push([SERVICE_USER, "x", id, ""]);
  gshadow.push([SERVICE_USER, "!", "", ""]);
  const day = shadow.find((r) => r[2] !== "")?.[2] ?? "";
  shadow.push([SERVICE_USER, "!", day, "", "", "", "", "", ""]);
  return { passwd: join(passwd), group: join(group), shadow: join(shadow), gshadow: join(gshadow) };
}

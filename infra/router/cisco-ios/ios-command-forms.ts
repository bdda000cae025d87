// How IOS replaces and removes the commands pibx manages. A "keyed" command holds one value per key:
// typing a new value replaces the old one (no `no` needed). Everything else is a member of a set
// (ACL entries, `match dscp` lines, NAT entries) and is removed with its `no` form.

interface Form {
  re: RegExp;
  /** Typing a new value of the same key replaces the old one in place. */
  replaces: boolean;
  /** The `no` form when `no <line>` is not accepted as is. */
  no?: (m: RegExpExecArray) => string;
}

const FORMS: Form[] = [
  // interface
  { re: /^(?:no )?ip address\b/, replaces: true },
  { re: /^ip nat (?:inside|outside)$/, replaces: true },
  // A second `service-policy output` is refused while one is attached: remove, then attach.
  { re: /^service-policy output /, replaces: false },
  // ip dhcp pool: `no option <code>` takes no value (Cisco: "no option code [instance number]").
  { re: /^option (\d+) /, replaces: true, no: (m) => `no option ${m[1]}` },
  { re: /^lease\b/, replaces: true, no: () => "no lease" },
  { re: /^default-router /, replaces: true, no: () => "no default-router" },
  { re: /^dns-server /, replaces: true, no: () => "no dns-server" },
  { re: /^domain-name /, replaces: true, no: () => "no domain-name" },
  { re: /^network /, replaces: false, no: () => "no network" },
  // policy-map class actions
  { re: /^priority\b/, replaces: true },
  { re: /^bandwidth\b/, replaces: true },
  { re: /^set dscp /, replaces: true },
];

/** The replacement key of a line, or undefined when the line is a set member. */
export function replacementKey(text: string): string | undefined {
  for (const f of FORMS) {
    const m = f.re.exec(text);
    if (m && f.replaces) return m[0].replace(/^no /, "");
  }
  return undefined;
}

/** The command that removes `text` (a line shown as `no …` goes away by typing it without). */
export function noForm(text: string): string {
  if (text.startsWith("no ")) return text.slice(3);
  for (const f of FORMS) {
    const m = f.re.exec(text);
    if (m?.[0] !== undefined && f.no) return f.no(m);
  }
  return `no ${text}`;
}

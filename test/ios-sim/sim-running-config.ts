// TEST DOUBLE — the simulator's running-config: a tree the accepted commands change, shown the way
// IOS 12.4 shows it (fixed section order, `!` separators, expanded names, the padding IOS leaves
// after some DHCP and class-map lines, `no ip address` on an interface without an address).

export interface SimNode {
  text: string;
  children: SimNode[];
  /** Banner text, kept as the lines it was written with. */
  raw?: string[];
}

const TOP_ORDER: RegExp[] = [
  /^version /,
  /^service /,
  /^no service /,
  /^hostname /,
  /^boot-(start|end)-marker/,
  /^logging /,
  /^enable /,
  /^(no )?aaa /,
  /^(no )?ip cef/,
  /^ip dhcp excluded-address /,
  /^ip dhcp pool /,
  /^ip domain /,
  /^ip dns server/,
  /^ip name-server /,
  /^multilink /,
  /^crypto pki /,
  /^username /,
  /^archive/,
  /^ip ssh /,
  /^class-map /,
  /^policy-map /,
  /^interface /,
  /^ip forward-protocol /,
  /^ip route /,
  /^(no )?ip http /,
  /^ip nat /,
  /^ip access-list /,
  /^access-list /,
  /^control-plane/,
  /^banner /,
  /^line /,
  /^scheduler /,
];

const CHILD_ORDER: Record<string, RegExp[]> = {
  interface: [
    /^description /,
    /^(no )?ip address/,
    /^ip nat /,
    /^ip virtual-reassembly/,
    /^shutdown/,
    /^duplex /,
    /^speed /,
    /^service-policy /,
  ],
  "ip dhcp pool": [/^network /, /^dns-server /, /^domain-name /, /^default-router /, /^option /, /^lease /],
  class: [/^priority /, /^bandwidth /, /^set /, /^fair-queue/],
};

function rank(text: string, order: RegExp[]): number {
  const i = order.findIndex((re) => re.test(text));
  return i < 0 ? order.length : i;
}

/** IOS lists static routes by destination (then mask), whatever order they were typed in. */
function routeKey(text: string): number | undefined {
  const m = /^ip route (\d+)\.(\d+)\.(\d+)\.(\d+) /.exec(text);
  return m ? ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]) : undefined;
}

function sorted(nodes: SimNode[], order: RegExp[]): SimNode[] {
  const byRoute = (a: SimNode, b: SimNode) => {
    const [x, y] = [routeKey(a.text), routeKey(b.text)];
    return x !== undefined && y !== undefined ? x - y : 0;
  };
  return nodes
    .map((n, i) => ({ n, i }))
    .sort((a, b) => rank(a.n.text, order) - rank(b.n.text, order) || byRoute(a.n, b.n) || a.i - b.i)
    .map((x) => x.n);
}

/** IOS leaves a blank after these values in the running-config. */
const PADDED = [/^default-router /, /^dns-server /, /^option \d+ ip /, /^match (ip )?dscp /];

export class SimRunningConfig {
  constructor(public nodes: SimNode[]) {}

  /** Reads a running-config-like text: indentation nests, `!` separates, banners are raw. */
  static load(text: string): SimRunningConfig {
    const roots: SimNode[] = [];
    const stack: { indent: number; node: SimNode }[] = [];
    const lines = text.replace(/\r/g, "").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const raw = lines[i]!;
      const t = raw.trim();
      if (t === "" || t.startsWith("!") || t === "end") continue;
      const indent = raw.length - raw.trimStart().length;
      if (indent === 0 && t.startsWith("banner ")) {
        const body = [raw];
        // The text runs from after the opening delimiter to the next one.
        let closed = raw.slice(raw.indexOf("^C") + 2).includes("^C");
        while (!closed && i + 1 < lines.length) {
          const next = lines[++i]!;
          body.push(next);
          closed = next.includes("^C");
        }
        roots.push({ text: t, children: [], raw: body });
        stack.length = 0;
        continue;
      }
      const n: SimNode = { text: t, children: [] };
      while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
      // `no ip address` is how an interface shows the absence of one: not a line of its own.
      if (t === "no ip address" && stack[stack.length - 1]?.node.text.startsWith("interface ")) continue;
      (stack[stack.length - 1]?.node.children ?? roots).push(n);
      stack.push({ indent, node: n });
    }
    return new SimRunningConfig(roots);
  }

  hostname(): string {
    return this.nodes.find((n) => n.text.startsWith("hostname "))?.text.slice(9) ?? "Router";
  }

  /** The text between `Current configuration` and the final `end`, as `show running-config` prints it. */
  render(): string {
    const out: string[] = ["!"];
    let lastRank = -1;
    for (const n of sorted(this.nodes, TOP_ORDER)) {
      const r = rank(n.text, TOP_ORDER);
      if (r !== lastRank && out[out.length - 1] !== "!") out.push("!");
      lastRank = r;
      if (n.raw) {
        out.push(...n.raw);
        continue;
      }
      out.push(n.text);
      if (n.text.startsWith("interface "))
        out.push(...this.renderChildren(interfaceChildren(n), 1, "interface"));
      else if (n.text.startsWith("ip dhcp pool "))
        out.push(...this.renderChildren(n.children, 3, "ip dhcp pool"));
      else out.push(...this.renderChildren(n.children, 1, ""));
      if (n.children.length || n.text.startsWith("interface ")) out.push("!");
    }
    out.push("!", "end");
    return out.join("\n");
  }

  private renderChildren(nodes: SimNode[], indent: number, kind: string): string[] {
    const order = CHILD_ORDER[kind];
    const list = order ? sorted(nodes, order) : nodes;
    const classDefaultLast = list
      .filter((n) => n.text !== "class class-default")
      .concat(list.filter((n) => n.text === "class class-default"));
    return classDefaultLast.flatMap((n) => {
      const pad = PADDED.some((re) => re.test(n.text)) ? " " : "";
      const childKind = n.text.startsWith("class ") ? "class" : "";
      return [
        `${" ".repeat(indent)}${n.text}${pad}`,
        ...this.renderChildren(n.children, indent + 1, childKind),
      ];
    });
  }

  /** The full answer to `show running-config`. */
  show(): string {
    const body = this.render();
    return `Building configuration...\n\nCurrent configuration : ${body.length + 1} bytes\n${body}\n`;
  }
}

/** An interface with no address shows `no ip address`. */
function interfaceChildren(n: SimNode): SimNode[] {
  if (n.children.some((c) => c.text.startsWith("ip address "))) return n.children;
  return [...n.children, { text: "no ip address", children: [] }];
}

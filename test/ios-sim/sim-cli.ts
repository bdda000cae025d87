// TEST DOUBLE — one IOS CLI session: modes and prompts, echo, `enable`, `?` help (Ctrl-V makes it
// literal), `--More--` paging until `terminal length 0`, IOS's error messages with the caret under
// the offending column, and configuration commands applied to the shared running-config.
import { CONFIG_MODES, GRAMMAR, PARENT_MODE } from "./sim-grammar.ts";
import type { CommandDef, SimMode } from "./sim-grammar-types.ts";
import { showIpInterfaceBrief } from "./sim-ip-interface-brief.ts";
import { type MatchResult, matchCommand } from "./sim-matcher.ts";
import type { SimNode, SimRunningConfig } from "./sim-running-config.ts";

export interface SimCliHost {
  config: SimRunningConfig;
  enableSecret: string | undefined;
  /** Every line typed in configuration mode, as typed. */
  configLog: string[];
  /** The address DHCP gives an interface configured with `ip address dhcp` (by interface name). */
  dhcpLeases: Record<string, string>;
  save(): void;
}

interface Level {
  mode: SimMode;
  node?: SimNode;
}

const PROMPT_SUFFIX: Record<SimMode, string> = {
  user: ">",
  exec: "#",
  config: "(config)#",
  "config-if": "(config-if)#",
  "dhcp-config": "(dhcp-config)#",
  "config-cmap": "(config-cmap)#",
  "config-pmap": "(config-pmap)#",
  "config-pmap-c": "(config-pmap-c)#",
  "config-std-nacl": "(config-std-nacl)#",
  "config-ext-nacl": "(config-ext-nacl)#",
  "config-line": "(config-line)#",
};

const ERASE_MORE = `${"\b".repeat(9)}${" ".repeat(9)}${"\b".repeat(9)}`;

export class SimCli {
  private levels: Level[];
  private buffer = "";
  private literalNext = false;
  private lastWasCr = false;
  private termLength = 24;
  private pending: string[] | undefined; // lines waiting behind --More--
  private passwordTries = 0;
  private readingPassword = false;
  /** A yes/no question IOS asked; the next line answers it. */
  private question: ((answer: string) => void) | undefined;

  constructor(
    private readonly host: SimCliHost,
    privileged: boolean,
    private readonly write: (s: string) => void,
    private readonly hangup: () => void,
  ) {
    this.levels = [{ mode: privileged ? "exec" : "user" }];
    this.write(`\r\n${this.prompt()}`);
  }

  get mode(): SimMode {
    return this.levels[this.levels.length - 1]!.mode;
  }

  prompt(): string {
    return this.host.config.hostname() + PROMPT_SUFFIX[this.mode];
  }

  onData(data: string): void {
    for (const ch of data) this.onChar(ch);
  }

  private onChar(ch: string): void {
    if (this.pending) {
      this.turnPage(ch);
      return;
    }
    if (this.readingPassword) {
      if (ch === "\r" || ch === "\n") {
        if (ch === "\n" && this.lastWasCr) return;
        this.lastWasCr = ch === "\r";
        const typed = this.buffer;
        this.buffer = "";
        this.readingPassword = false;
        this.checkEnable(typed);
        return;
      }
      this.buffer += ch;
      return;
    }
    if (ch === "\n" && this.lastWasCr) {
      this.lastWasCr = false;
      return;
    }
    this.lastWasCr = ch === "\r";
    if (this.literalNext) {
      this.literalNext = false;
      this.buffer += ch;
      this.write(ch);
      return;
    }
    if (ch === "\x16") {
      this.literalNext = true;
      return;
    }
    if (ch === "?") {
      // Context help: IOS lists what may come next, then redraws the line without the `?`.
      this.write(`?\r\n  LINE    <cr>\r\n\r\n${this.prompt()}${this.buffer}`);
      return;
    }
    if (ch === "\r" || ch === "\n") {
      this.write("\r\n");
      const line = this.buffer;
      this.buffer = "";
      const question = this.question;
      this.question = undefined;
      if (question) question(line.trim());
      else this.execute(line);
      if (!this.pending && !this.readingPassword && !this.question) this.write(this.prompt());
      return;
    }
    if (ch === "\x7f" || ch === "\b") {
      if (this.buffer) {
        this.buffer = this.buffer.slice(0, -1);
        this.write("\b \b");
      }
      return;
    }
    if (ch >= " ") {
      this.buffer += ch;
      this.write(ch);
    }
  }

  private page(text: string): void {
    const lines = text.split("\n");
    if (this.termLength === 0 || lines.length < this.termLength) {
      this.write(lines.join("\r\n"));
      return;
    }
    this.pending = lines;
    this.showPage(this.termLength - 1);
  }

  private showPage(count: number): void {
    const lines = this.pending!;
    const shown = lines.splice(0, count);
    this.write(`${shown.join("\r\n")}\r\n`);
    if (lines.length === 0 || (lines.length === 1 && lines[0] === "")) {
      this.pending = undefined;
      this.write(this.prompt());
    } else this.write(" --More-- ");
  }

  private turnPage(ch: string): void {
    this.write(ERASE_MORE);
    if (ch === "q" || ch === "Q") {
      this.pending = undefined;
      this.write(`\r\n${this.prompt()}`);
    } else this.showPage(ch === "\r" ? 1 : this.termLength - 1);
  }

  private execute(input: string): void {
    if (input.trim() === "") return;
    const inConfig = CONFIG_MODES.includes(this.mode);
    if (inConfig) this.host.configLog.push(input);
    // In a sub-mode IOS tries the enclosing modes too, and leaves the sub-mode when one accepts.
    let first: MatchResult | undefined;
    for (let depth = this.levels.length - 1; depth >= 0; depth--) {
      const mode = this.levels[depth]!.mode;
      const result = matchCommand(input, GRAMMAR[mode], inConfig);
      first ??= result;
      if (result.ok) {
        this.levels.length = depth + 1;
        this.run(result.def, result.tokens, result.negated);
        return;
      }
      if (!PARENT_MODE[mode]) break;
    }
    this.reportError(input, first!);
  }

  private reportError(input: string, result: MatchResult): void {
    if (result.ok) return;
    if (result.error === "incomplete") this.write("% Incomplete command.\r\n\r\n");
    else if (result.error === "ambiguous") this.write(`% Ambiguous command:  "${input}"\r\n`);
    else if (!CONFIG_MODES.includes(this.mode) && result.col === input.length - input.trimStart().length) {
      this.write(
        `Translating "${input.trim().split(" ")[0]}"\r\n% Unknown command or computer name, or unable to find computer address\r\n`,
      );
    } else {
      this.write(
        `${" ".repeat(this.prompt().length + result.col)}^\r\n% Invalid input detected at '^' marker.\r\n\r\n`,
      );
    }
  }

  private run(def: CommandDef, tokens: string[], negated: boolean): void {
    switch (def.action) {
      case "enable":
        if (this.mode === "exec") return;
        if (this.host.enableSecret === undefined) return void this.write("% No password set\r\n");
        this.readingPassword = true;
        return void this.write("Password: ");
      case "disable":
        this.levels = [{ mode: "user" }];
        return;
      case "logout":
        this.hangup();
        return;
      case "terminal-length":
        this.termLength = Number(tokens[2]);
        return;
      case "terminal-width":
        return;
      case "show-run":
        this.page(this.host.config.show());
        return;
      case "show-ip-int-brief":
        this.page(showIpInterfaceBrief(this.host.config, this.host.dhcpLeases));
        return;
      case "configure":
        this.write("Enter configuration commands, one per line.  End with CNTL/Z.\r\n");
        this.levels.push({ mode: "config" });
        return;
      case "write":
        this.host.save();
        return void this.write("Building configuration...\r\n[OK]\r\n");
      case "exit":
        this.levels.pop();
        return;
      case "end":
        this.levels = [{ mode: "exec" }];
        return;
      case "crypto-key": {
        const bits = tokens[5];
        return void this.write(`% Generating ${bits} bit RSA keys, keys will be non-exportable...[OK]\r\n`);
      }
    }
    this.apply(def, tokens, negated);
  }

  private apply(def: CommandDef, tokens: string[], negated: boolean): void {
    const parent = this.levels[this.levels.length - 1]!.node;
    const siblings = parent ? parent.children : this.host.config.nodes;
    const shown = def.canon ? def.canon(tokens) : tokens.join(" ");
    const text = shown ?? tokens.join(" ");
    if (def.enters && !negated) {
      const refusal = this.refuseBlock(text);
      if (refusal) return void this.write(`${refusal}\r\n`);
    }
    if (def.enters && negated && text.startsWith("class-map ")) {
      const name = lastWord(text);
      if (this.policiesUsing(name).length) return void this.write(`% Class-map ${name} is being used\r\n`);
    }
    if (def.enters) {
      const same = (n: SimNode) =>
        n.text === text ||
        (text.startsWith("class-map ") &&
          lastWord(n.text) === lastWord(text) &&
          n.text.startsWith("class-map "));
      const at = siblings.findIndex(same);
      if (negated) {
        if (at >= 0) siblings.splice(at, 1);
        return;
      }
      let node = siblings[at];
      if (!node) {
        node = { text, children: [] };
        siblings.push(node);
      } else node.text = text;
      this.levels.push({ mode: def.enters, node });
      return;
    }
    if (def.defaultOn) {
      // `no <service>` is stored and shown; the positive form restores the default (no line).
      removeWhere(siblings, (n) => n.text === `no ${text}`);
      if (negated) siblings.push({ text: `no ${text}`, children: [] });
      return;
    }
    const keyOf = (t: string) => (def.key ? t.split(" ").slice(0, def.key).join(" ") : t);
    const key = keyOf(text);
    const matches = (n: SimNode) => (def.key ? keyOf(n.text) === key : n.text === text);
    if (!negated) {
      const clash = staticClash(siblings, text);
      if (clash) return void this.write(`% similar static entry (${clash}) already exists\r\n`);
    }
    // With translations in the table, IOS asks before removing a dynamic NAT rule.
    if (negated && text.startsWith("ip nat inside source list ") && siblings.some(matches)) {
      this.write("Dynamic mapping in use, do you want to delete all entries? [no]: ");
      this.question = (answer) => {
        if (/^y(es)?$/i.test(answer)) removeWhere(siblings, matches);
      };
      return;
    }
    if (negated || def.key) removeWhere(siblings, matches);
    if (negated) return;
    if (shown !== null && !siblings.some((n) => n.text === shown))
      siblings.push({ text: shown, children: [] });
    // IOS 12.4 turns on virtual reassembly with NAT on an interface.
    if (/^ip nat (inside|outside)$/.test(text) && !siblings.some((n) => n.text === "ip virtual-reassembly")) {
      siblings.push({ text: "ip virtual-reassembly", children: [] });
    }
  }

  /** IOS refuses a policy-map class whose class-map does not exist. */
  private refuseBlock(text: string): string | undefined {
    const m = /^class (\S+)$/.exec(text);
    if (!m || m[1] === "class-default" || this.mode !== "config-pmap") return undefined;
    const exists = this.host.config.nodes.some(
      (n) => n.text.startsWith("class-map ") && lastWord(n.text) === m[1],
    );
    return exists ? undefined : `% class map ${m[1]} not configured`;
  }

  private policiesUsing(classMap: string): SimNode[] {
    return this.host.config.nodes.filter(
      (n) => n.text.startsWith("policy-map ") && n.children.some((c) => c.text === `class ${classMap}`),
    );
  }

  private checkEnable(typed: string): void {
    this.write("\r\n");
    if (typed === this.host.enableSecret) {
      this.passwordTries = 0;
      this.levels = [{ mode: "exec" }];
    } else if (++this.passwordTries < 3) {
      this.readingPassword = true;
      return void this.write("Password: ");
    } else {
      this.passwordTries = 0;
      this.write("% Bad secrets\r\n\r\n");
    }
    this.write(this.prompt());
  }
}

const STATIC_RE = /^ip nat inside source static (tcp|udp) (\S+) (\d+) interface (\S+) (\d+)/;

/** The existing static entry (if any) already holding the outside port `text` asks for. */
function staticClash(siblings: SimNode[], text: string): string | undefined {
  const want = STATIC_RE.exec(text);
  if (!want) return undefined;
  for (const n of siblings) {
    const have = STATIC_RE.exec(n.text);
    if (have && n.text !== text && have[1] === want[1] && have[4] === want[4] && have[5] === want[5]) {
      return `${have[2]}:${have[3]} -> ${have[4]}:${have[5]}`;
    }
  }
  return undefined;
}

function lastWord(text: string): string {
  return text.slice(text.lastIndexOf(" ") + 1);
}

function removeWhere(nodes: SimNode[], pred: (n: SimNode) => boolean): void {
  for (let i = nodes.length - 1; i >= 0; i--) if (pred(nodes[i]!)) nodes.splice(i, 1);
}

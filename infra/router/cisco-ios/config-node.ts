// The one tree both sides of a diff use: a configuration command and the commands nested under it,
// as `show running-config` indents them (interface → sub-commands, policy-map → class → actions).

export interface ConfigNode {
  text: string;
  children: ConfigNode[];
  /** 1-based line in the text it was parsed from (absent for rendered nodes). */
  line?: number;
}

export function node(text: string, children: ConfigNode[] = []): ConfigNode {
  return { text, children };
}

/**
 * The form two lines are compared in. IOS pads some lines with a trailing blank
 * (`default-router 172.16.0.1 `), and shows an `option … ascii` value with or without the quotes it
 * was typed with; 12.4+ appends `extendable` to static NAT entries that share an inside address.
 */
export function canonicalLine(text: string): string {
  let line = collapseBlanks(text.trim());
  const ascii = /^(option \d+ ascii) "([^" ]*)"$/.exec(line);
  if (ascii) line = `${ascii[1]} ${ascii[2]}`;
  if (line.startsWith("ip nat inside source static ")) line = line.replace(/ extendable$/, "");
  return line;
}

/** Collapses runs of blanks outside double quotes (a quoted ascii value keeps its spaces). */
function collapseBlanks(text: string): string {
  let out = "";
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (!out.endsWith(" ")) out += " ";
      continue;
    }
    out += ch;
  }
  return out;
}

/** Indented text, one space per level, as IOS accepts it pasted in configuration mode. */
export function nodesToText(nodes: ConfigNode[], depth = 0): string[] {
  return nodes.flatMap((n) => [`${" ".repeat(depth)}${n.text}`, ...nodesToText(n.children, depth + 1)]);
}

// `show running-config` text → a tree of top-level commands and their indented children.
// `!` lines only separate; banners (free text between delimiters) are kept whole and opaque;
// certificate hex under `crypto pki certificate chain` nests by indentation like everything else.
import { IosParseError } from "../router-errors.ts";
import type { ConfigNode } from "./config-node.ts";

export interface RunningConfig {
  nodes: ConfigNode[];
}

const PREAMBLE = [
  /^Building configuration\.\.\./,
  /^Current configuration\s*:/,
  /^\s*$/,
  /^show running-config/,
];

export function parseRunningConfig(text: string): RunningConfig {
  const lines = text.replace(/\r/g, "").split("\n");
  const roots: ConfigNode[] = [];
  const stack: { indent: number; node: ConfigNode }[] = [];
  let started = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    const lineNo = i + 1;
    if (!started) {
      if (PREAMBLE.some((re) => re.test(raw))) continue;
      started = true;
    }
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("!")) continue;
    if (trimmed === "end" && raw.startsWith("end")) break;
    const indent = raw.length - raw.trimStart().length;
    const banner = /^banner \S+ (\^C|\S)/.exec(trimmed);
    if (banner && indent === 0) {
      i = skipBanner(lines, i, banner[1]!, trimmed);
      roots.push({ text: trimmed, children: [], line: lineNo });
      stack.length = 0;
      continue;
    }
    const n: ConfigNode = { text: trimmed.replace(/\s+$/, ""), children: [], line: lineNo };
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.node.children.push(n);
    else if (indent === 0) roots.push(n);
    else
      throw new IosParseError(lineNo, `indented line with no command above it: ${JSON.stringify(trimmed)}`);
    stack.push({ indent, node: n });
  }
  return { nodes: roots };
}

/** Returns the index of the banner's closing line. The text may close on the opening line. */
function skipBanner(lines: string[], start: number, delimiter: string, opening: string): number {
  const rest = opening.slice(opening.indexOf(delimiter) + delimiter.length);
  if (rest.includes(delimiter)) return start;
  for (let j = start + 1; j < lines.length; j++) {
    if ((lines[j] ?? "").includes(delimiter)) return j;
  }
  throw new IosParseError(start + 1, `banner not closed by ${delimiter}`);
}

// A strict little XML reader for tests: checks that rendered files are well-formed and gives
// their elements, attributes and text (no DTDs, no namespaces resolution, no CDATA).
import { ParseError } from "../../base/index.ts";

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITY: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(text: string, offset: number): string {
  return text.replace(/&([a-z]+|#\d+|#x[0-9a-f]+);|&/gi, (m, name: string | undefined) => {
    if (name === undefined) throw new ParseError("bare &", offset);
    if (name.startsWith("#x")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    const v = ENTITY[name];
    if (v === undefined) throw new ParseError(`unknown entity ${m}`, offset);
    return v;
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = lt < 0 ? xml.slice(i) : xml.slice(i, lt);
    if (text.trim() !== "") {
      if (stack.length === 1) throw new ParseError("text outside the root element", i);
      stack.at(-1)!.text += decode(text, i);
    }
    if (lt < 0) break;
    if (xml.startsWith("<?", lt)) {
      i = xml.indexOf("?>", lt) + 2;
    } else if (xml.startsWith("<!--", lt)) {
      i = xml.indexOf("-->", lt) + 3;
    } else if (xml.startsWith("</", lt)) {
      const gt = xml.indexOf(">", lt);
      const name = xml.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (open === undefined || open.name !== name)
        throw new ParseError(`</${name}> closes <${open?.name}>`, lt);
      i = gt + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
        xml.slice(lt),
      );
      if (!m) throw new ParseError("malformed tag", lt);
      const attrs: Record<string, string> = {};
      for (const a of m[2]!.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (a[1]! in attrs) throw new ParseError(`duplicate attribute ${a[1]}`, lt);
        attrs[a[1]!] = decode(a[2] ?? a[3] ?? "", lt);
      }
      const el: XmlElement = { name: m[1]!, attrs, children: [], text: "" };
      const parent = stack.at(-1)!;
      if (parent === root && root.children.length > 0) throw new ParseError("two root elements", lt);
      parent.children.push(el);
      if (m[3] !== "/") stack.push(el);
      i = lt + m[0].length;
    }
  }
  if (stack.length !== 1) throw new ParseError(`<${stack.at(-1)!.name}> not closed`, xml.length);
  const top = root.children[0];
  if (top === undefined) throw new ParseError("no root element", 0);
  return top;
}

/** The text of each direct child, by element name (the first one wins). */
export function childTexts(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of el.children) if (!(c.name in out)) out[c.name] = c.text;
  return out;
}

/** Depth-first search for elements named name. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(visit);
  };
  visit(el);
  return out;
}

/** `key = value` lines (Yealink .cfg), comments and the version line skipped. */
export function parseKeyValueCfg(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const eq = line.indexOf("=");
    if (eq < 0) throw new ParseError(`no "=" in line "${line}"`, 0);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/** Linphone's `<section name><entry name>` as section → entry → value. */
export function linphoneSections(el: XmlElement): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const s of el.children.filter((c) => c.name === "section")) {
    const entries: Record<string, string> = {};
    for (const e of s.children.filter((c) => c.name === "entry")) entries[e.attrs.name!] = e.text;
    out[s.attrs.name!] = entries;
  }
  return out;
}

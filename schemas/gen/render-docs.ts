// Renders docs/lab-reference.md from lab.schema.json: a section per object (a table of its
// properties: type, required, default, description), per union and per enum, then the formats.
import { stringFormats } from "../formats.ts";
import { resolveRef, type SchemaNode, schema } from "../load/validator.ts";

const header = `# lab.yaml reference

<!-- Generated from schemas/lab.schema.json by \`npm run gen:docs\`. Do not edit by hand. -->

A lab file declares a whole phone system. Check one with \`npm run pibx -- validate lab.yaml\`;
see \`examples/home-lab/lab.yaml\` for a complete example.

- Every object rejects unknown keys (typos are reported with the closest valid key).
- Numbers that are dialled (extensions, DIDs, IVR digits) are strings: quote them (\`"100"\`).
- Secrets are never written inline: a password or PIN is \`{ secret: <name> }\`, and \`<name>\` is
  declared under \`secrets\`.
- A destination is written the same way everywhere: \`{ extension: "101" }\`, \`{ ringGroup: sales }\`,
  \`{ voicemail: "100" }\`, \`{ conference: "800" }\`, \`{ ivr: main }\` or \`{ hangup: true }\`.
- Defaults are filled in when the file is loaded.
`;

function title(node: SchemaNode): string {
  return String(node.title);
}

function anchor(name: string): string {
  return `#${name.toLowerCase()}`;
}

function link(node: SchemaNode): string {
  const target = resolveRef(node);
  return `[${title(target)}](${anchor(title(target))})`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function code(value: unknown): string {
  return `\`${JSON.stringify(value)
    .replace(/"([A-Za-z_][A-Za-z0-9_]*)":/g, "$1: ")
    .replace(/,(?=\S)/g, ", ")}\``;
}

export function renderType(node: SchemaNode): string {
  if (typeof node.$ref === "string") return link(node);
  if (node.const !== undefined) return code(node.const);
  if (Array.isArray(node.enum)) return node.enum.map(code).join(" | ");
  if (Array.isArray(node.oneOf)) return (node.oneOf as SchemaNode[]).map(renderType).join(" | ");
  switch (node.type) {
    case "array":
      return `list of ${renderType(node.items as SchemaNode)}`;
    case "object": {
      const keys = node.propertyNames as SchemaNode | undefined;
      const key = keys?.format === undefined ? "string" : `string ([${keys.format}](#format-${keys.format}))`;
      return `map of ${key} to ${renderType(node.additionalProperties as SchemaNode)}`;
    }
    case "string":
      return node.format === undefined ? "string" : `string ([${node.format}](#format-${node.format}))`;
    case "integer":
    case "number": {
      const range = typeof node.minimum === "number" ? ` ${node.minimum}–${node.maximum ?? "…"}` : "";
      return `${node.type}${range}`;
    }
    default:
      return String(node.type);
  }
}

/** Definitions in the order a reader meets them: breadth-first from the root. */
function reachable(): SchemaNode[] {
  const seen = new Set<SchemaNode>();
  const order: SchemaNode[] = [];
  const queue: SchemaNode[] = [schema];
  const visit = (node: unknown) => {
    if (node === null || typeof node !== "object") return;
    const n = node as SchemaNode;
    if (typeof n.$ref === "string") {
      queue.push(resolveRef(n));
      return;
    }
    for (const key of ["properties", "items", "additionalProperties", "oneOf"]) {
      const child = n[key];
      if (key === "properties" && child !== undefined) Object.values(child as object).forEach(visit);
      else if (Array.isArray(child)) child.forEach(visit);
      else visit(child);
    }
  };
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (seen.has(node)) continue;
    seen.add(node);
    order.push(node);
    for (const key of ["properties", "items", "additionalProperties", "oneOf"]) {
      const child = node[key];
      if (key === "properties" && child !== undefined) Object.values(child as object).forEach(visit);
      else if (Array.isArray(child)) child.forEach(visit);
      else visit(child);
    }
  }
  return order;
}

function renderSection(node: SchemaNode): string[] {
  const lines = [`## ${title(node)}`, ""];
  if (typeof node.description === "string") lines.push(node.description, "");
  if (Array.isArray(node.oneOf)) {
    lines.push(`One of: ${(node.oneOf as SchemaNode[]).map(renderType).join(" | ")}`, "");
    return lines;
  }
  if (Array.isArray(node.enum)) {
    lines.push(`One of: ${node.enum.map(code).join(", ")}`, "");
    return lines;
  }
  const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
  const required = new Set((node.required as string[] | undefined) ?? []);
  const rows = Object.entries(properties).map(([name, property]) => {
    const target = resolveRef(property);
    const description = property.description ?? target.description ?? "";
    const fallback = required.has(name) ? "" : "—";
    const defaultValue = "default" in property ? code(property.default) : fallback;
    return [
      `\`${name}\``,
      cell(renderType(property)),
      required.has(name) ? "yes" : "",
      cell(defaultValue),
      cell(String(description)),
    ];
  });
  lines.push(...table(["Property", "Type", "Required", "Default", "Description"], rows), "");
  return lines;
}

/** A Markdown table with aligned columns (as Biome formats it). */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, 3, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

function renderFormats(): string[] {
  const rows = Object.entries(stringFormats).map(([name, format]) => [
    `<a id="format-${name}"></a>\`${name}\``,
    cell(format.description),
  ]);
  return [
    "## Formats",
    "",
    "String formats checked by the schema.",
    "",
    ...table(["Format", "A valid value is"], rows),
    "",
  ];
}

export function renderDocs(): string {
  const sections = reachable().flatMap(renderSection);
  return [header, ...sections, ...renderFormats()].join("\n").replace(/\n+$/, "\n");
}

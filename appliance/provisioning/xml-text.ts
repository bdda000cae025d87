// Escaping for the XML files phones read (element text and attribute values).

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** `<name attrs>value</name>`, value escaped. */
export function xmlElement(name: string, value: string | number, attrs = ""): string {
  return `<${name}${attrs ? ` ${attrs}` : ""}>${xmlEscape(String(value))}</${name}>`;
}

// Paths into the lab, as segments (["extensions", 0, "voicemail", "pin"]) and as text
// ("extensions[0].voicemail.pin").

export type PathSegment = string | number;
export type LabPath = readonly PathSegment[];

export const rootPathText = "(root)";

export function formatPath(path: LabPath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === "" ? rootPathText : text;
}

/** Splits an ajv instancePath (a JSON pointer) into segments; array indices become numbers. */
export function parseJsonPointer(pointer: string, data: unknown): PathSegment[] {
  if (pointer === "") return [];
  const segments: PathSegment[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    const segment: PathSegment = Array.isArray(node) && /^\d+$/.test(key) ? Number(key) : key;
    segments.push(segment);
    node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

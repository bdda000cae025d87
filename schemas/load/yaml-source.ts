// The YAML text of a lab: parsed with source positions, so that every finding can point at the
// line and column of the node it is about.
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from "yaml";
import type { LabPath, PathSegment } from "./path.ts";

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface SourceFinding {
  readonly path: LabPath;
  readonly position: SourcePosition;
  readonly message: string;
}

export interface YamlSource {
  /** The document as plain data (later keys win over duplicates). */
  readonly data: unknown;
  /** YAML syntax errors: when there are any, `data` is not worth validating. */
  readonly syntaxErrors: SourceFinding[];
  readonly duplicateKeys: SourceFinding[];
  /** Position of the node at `path`; of its key when `atKey`; of the deepest existing parent otherwise. */
  positionOf(path: LabPath, atKey?: boolean): SourcePosition;
}

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const syntaxErrors = doc.errors.map((error) => ({
    path: [],
    position: at(error.pos[0]),
    message: `YAML syntax error: ${firstLine(error.message)}`,
  }));
  const duplicateKeys: SourceFinding[] = [];
  collectDuplicateKeys(doc, doc.contents, [], duplicateKeys, at);
  return {
    data: syntaxErrors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 }),
    syntaxErrors,
    duplicateKeys,
    positionOf(path, atKey = false) {
      return at(locate(doc, path, atKey));
    },
  };
}

function firstLine(message: string): string {
  const line = message.split("\n")[0]!.trim();
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function collectDuplicateKeys(
  doc: Document,
  node: unknown,
  path: PathSegment[],
  out: SourceFinding[],
  at: (offset: number) => SourcePosition,
): void {
  if (isMap(node)) {
    const seen = new Map<string, SourcePosition>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      const position = at(rangeStart(pair.key) ?? rangeStart(node) ?? 0);
      const first = seen.get(key);
      if (first !== undefined) {
        out.push({
          path: [...path, key],
          position,
          message: `duplicate key "${key}" (first defined at line ${first.line})`,
        });
      } else {
        seen.set(key, position);
      }
      collectDuplicateKeys(doc, pair.value, [...path, key], out, at);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      collectDuplicateKeys(doc, item, [...path, index], out, at);
    });
  }
}

function rangeStart(node: unknown): number | undefined {
  if (node !== null && typeof node === "object" && "range" in node) {
    const range = (node as Node).range;
    if (range) return range[0];
  }
  return undefined;
}

/** Offset of the node at `path` (or its key), or of the deepest node that exists on the way. */
function locate(doc: Document, path: LabPath, atKey: boolean): number {
  let node: unknown = resolve(doc, doc.contents);
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = findLastPair(node.items, String(segment));
      if (pair === undefined) return offset;
      const keyOffset = rangeStart(pair.key) ?? offset;
      const value = pair.value;
      const emptyValue = value === null || (isScalar(value) && value.value === null && !value.source);
      if ((last && atKey) || emptyValue) return keyOffset;
      node = resolve(doc, value);
      offset = rangeStart(node) ?? keyOffset;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      node = resolve(doc, node.items[segment]);
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function findLastPair(items: readonly unknown[], key: string) {
  let found: { key: unknown; value: unknown } | undefined;
  for (const item of items) if (isPair(item) && keyText(item.key) === key) found = item;
  return found;
}

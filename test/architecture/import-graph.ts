// The project's import graph, read from the sources as text (no compiler needed): every relative
// `import … from`, `export … from` and `import()` of a .ts file, resolved to a repo-relative path.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";

export interface ImportEdge {
  from: string;
  to: string;
  line: number;
}

const SKIP = new Set(["node_modules", ".git", ".cache", "dist", "out"]);
const IMPORT_RE =
  /(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|import\s*["']([^"']+)["']/g;

export function sourceFiles(root: string, dir = root, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(root, path, out);
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(relative(root, path));
  }
  return out.sort();
}

export function importsOf(file: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec?.startsWith(".")) continue; // packages and node: builtins are not part of the graph
    const line = text.slice(0, m.index).split("\n").length;
    edges.push({ from: file, to: normalize(join(dirname(file), spec)), line });
  }
  return edges;
}

export function importGraph(root: string): ImportEdge[] {
  return sourceFiles(root).flatMap((f) => importsOf(f, readFileSync(join(root, f), "utf8")));
}

/** Strongly connected components with more than one file (or a self-import): the cycles. */
export function cycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  // Tarjan's algorithm, iterative so a deep graph cannot overflow the call stack.
  for (const start of next.keys()) {
    if (index.has(start)) continue;
    const work: [string, number][] = [[start, 0]];
    while (work.length) {
      const top = work[work.length - 1]!;
      const [node, i] = top;
      if (i === 0) {
        index.set(node, counter);
        low.set(node, counter++);
        stack.push(node);
        onStack.add(node);
      }
      const succ = next.get(node) ?? [];
      if (i < succ.length) {
        top[1]++;
        const s = succ[i]!;
        if (!index.has(s)) work.push([s, 0]);
        else if (onStack.has(s)) low.set(node, Math.min(low.get(node)!, index.get(s)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(node)!));
      if (low.get(node) === index.get(node)) {
        const scc: string[] = [];
        let x: string;
        do {
          x = stack.pop()!;
          onStack.delete(x);
          scc.push(x);
        } while (x !== node);
        if (scc.length > 1 || succ.includes(node)) found.push(scc.sort());
      }
    }
  }
  return found;
}

// A finished image is cached by recipe hash *and* by the builder's own code: a change to a layer or
// a renderer must rebuild, even though the recipe is the same. (The base system has its own,
// manually bumped key: rebuilding it costs a quarter of an hour.)
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256Hex } from "../recipe-hash.ts";

const IMAGES = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return sources(p);
      return (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")) || e.name.endsWith(".json") ? [p] : [];
    })
    .sort();
}

let memo: string | undefined;

/** sha256 (16 hex) over the path and content of every builder source file. */
export function builderFingerprint(): string {
  memo ??= sha256Hex(
    sources(IMAGES)
      .map((f) => `${relative(IMAGES, f)}\n${readFileSync(f, "utf8")}`)
      .join("\0"),
  ).slice(0, 16);
  return memo;
}

#!/usr/bin/env node
// Finds the test files and hands them to node's own test runner (Node 20 has no glob support).
//   --unit         only the unit tests that sit beside the code (no root, no network namespaces)
//   --integration  only the cross-folder tests in test/
//   any other argument is a path filter (substring of the file path)
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const args = process.argv.slice(2);
const unitOnly = args.includes("--unit");
const integrationOnly = args.includes("--integration");
const filters = args.filter((a) => !a.startsWith("--"));

const skipDirs = new Set(["node_modules", ".git", ".cache", "dist", "out"]);
function walk(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skipDirs.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (entry.name.endsWith(".test.ts")) out.push(relative(root, path));
  }
  return out;
}

let files = walk(root, []).sort();
if (unitOnly) files = files.filter((f) => !f.startsWith("test/"));
if (integrationOnly) files = files.filter((f) => f.startsWith("test/"));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error("run-tests: no test files matched");
  process.exit(1);
}

// Integration tests share one machine's network namespaces and ports: run files one at a time.
const concurrency = files.some((f) => f.startsWith("test/")) ? 1 : 2;
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", `--test-concurrency=${concurrency}`, "--test-timeout=600000", ...files],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);

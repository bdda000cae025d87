// Bindings in one JSON file in the state directory, written durably (temp, fsync, rename, fsync
// the directory) on every change. Changes that arrive while a write is in flight are grouped
// into the next write (group commit), so a burst of REGISTERs costs a few fsyncs, not one each,
// and every caller still resolves only once its own change is on disk.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { removeStaleTemps, writeFileDurable } from "../../store/index.ts";
import type { Binding } from "./binding.ts";
import type { BindingStore } from "./binding-store.ts";

interface FileFormat {
  version: 1;
  bindings: Binding[];
}

export class FileBindingStore implements BindingStore {
  readonly path: string;
  private readonly byAor = new Map<string, Binding[]>();
  private writing: Promise<void> | undefined;
  private waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private dirty = false;
  private closed = false;

  constructor(stateDir: string, fileName = "bindings.json") {
    this.path = join(stateDir, fileName);
  }

  async load(): Promise<Binding[]> {
    // Recovery: a temp file is a write that never completed (the rename is the commit point).
    removeStaleTemps(this.path);
    let text: string;
    try {
      text = readFileSync(this.path, "utf8");
    } catch {
      return [];
    }
    const data = JSON.parse(text) as Partial<FileFormat>;
    this.byAor.clear();
    for (const b of Array.isArray(data.bindings) ? data.bindings : []) {
      if (!isBinding(b)) continue;
      const list = this.byAor.get(b.aor) ?? [];
      list.push(b);
      this.byAor.set(b.aor, list);
    }
    return [...this.byAor.values()].flat();
  }

  replace(aor: string, bindings: readonly Binding[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("binding store closed"));
    if (bindings.length === 0) this.byAor.delete(aor);
    else this.byAor.set(aor, [...bindings]);
    this.dirty = true;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  async close(): Promise<void> {
    this.closed = true;
    while (this.writing || this.dirty) {
      if (this.writing) await this.writing.catch(() => {});
      else this.kick();
    }
  }

  private kick(): void {
    if (this.writing || !this.dirty) return;
    this.dirty = false;
    const waiters = this.waiters;
    this.waiters = [];
    const snapshot: FileFormat = { version: 1, bindings: [...this.byAor.values()].flat() };
    this.writing = writeFileDurable(this.path, JSON.stringify(snapshot))
      .then(
        () => {
          for (const w of waiters) w.resolve();
        },
        (err: unknown) => {
          for (const w of waiters) w.reject(err);
        },
      )
      .finally(() => {
        this.writing = undefined;
        this.kick();
      });
  }
}

function isBinding(b: unknown): b is Binding {
  if (b === null || typeof b !== "object") return false;
  const x = b as Record<string, unknown>;
  return (
    typeof x.aor === "string" &&
    typeof x.uri === "string" &&
    typeof x.callId === "string" &&
    typeof x.cseq === "number" &&
    typeof x.expiresAt === "number" &&
    typeof x.q === "number" &&
    Array.isArray(x.params) &&
    typeof x.source === "object" &&
    x.source !== null
  );
}

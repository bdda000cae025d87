// A small set of ids kept in one JSON file with durable writes (temp, fsync, rename, fsync dir):
// used onboarding tokens and enrolled devices must survive a power cut, or a token could be
// replayed after a reboot.
import { readFileSync } from "node:fs";
import { ParseError } from "../base/index.ts";
import { removeStaleTemps, writeFileDurable } from "../store/index.ts";

interface Entry {
  readonly id: string;
  /** Epoch milliseconds after which the entry may be forgotten; null = forever. */
  readonly forgetAfter: number | null;
}

export class DurableIdSet {
  private readonly entries = new Map<string, Entry>();
  private writes: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  /** Loads the set (an absent file is an empty set) and removes temp files left by a crash. */
  static open(path: string): DurableIdSet {
    const set = new DurableIdSet(path);
    removeStaleTemps(path);
    let text: string | undefined;
    try {
      text = readFileSync(path, "utf8");
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // Never start empty over an unreadable file: used tokens could then be replayed.
        throw new ParseError(`${path} is not a JSON list of ids`, 0);
      }
      if (Array.isArray(parsed)) {
        for (const e of parsed) {
          if (e && typeof e === "object" && typeof (e as Entry).id === "string") {
            const forget = (e as Entry).forgetAfter;
            set.entries.set((e as Entry).id, {
              id: (e as Entry).id,
              forgetAfter: typeof forget === "number" ? forget : null,
            });
          }
        }
      }
    }
    return set;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /**
   * Adds id and resolves once it is on disk. Returns false (and writes nothing) when id was
   * already present: the caller lost a race for a one-time token.
   */
  add(id: string, forgetAfter: number | null, now: number): Promise<boolean> {
    if (this.entries.has(id)) return Promise.resolve(false);
    this.entries.set(id, { id, forgetAfter });
    for (const [key, e] of this.entries)
      if (e.forgetAfter !== null && e.forgetAfter < now) this.entries.delete(key);
    const snapshot = JSON.stringify([...this.entries.values()]);
    // Writes are serialized so an older snapshot never overwrites a newer one.
    const write = this.writes.then(() => writeFileDurable(this.path, snapshot));
    this.writes = write.catch(() => {});
    return write.then(
      () => true,
      (err: unknown) => {
        this.entries.delete(id);
        throw err;
      },
    );
  }

  /** Removes id (e.g. to re-enroll a factory-reset phone). */
  async delete(id: string): Promise<void> {
    if (!this.entries.delete(id)) return;
    const snapshot = JSON.stringify([...this.entries.values()]);
    const write = this.writes.then(() => writeFileDurable(this.path, snapshot));
    this.writes = write.catch(() => {});
    await write;
  }
}

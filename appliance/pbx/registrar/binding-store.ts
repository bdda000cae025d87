// Where bindings live: a small interface so the registrar can sit on a file (one appliance) or
// on something shared (several appliances behind a dispatcher, ARCHITECTURE.md "Beyond one
// machine").
import type { Binding } from "./binding.ts";

export interface BindingStore {
  /** Every binding stored, expired or not (the registrar filters by time). */
  load(): Promise<Binding[]>;
  /**
   * Replaces every binding of aor with bindings (an empty list removes the AOR). Resolves once
   * the change is on stable storage: the registrar answers 200 only after that.
   */
  replace(aor: string, bindings: readonly Binding[]): Promise<void>;
  /** Writes anything pending and releases resources. Idempotent. */
  close(): Promise<void>;
}

/** Keeps bindings in memory only (tests, or a registrar that need not survive a restart). */
export class MemoryBindingStore implements BindingStore {
  readonly byAor = new Map<string, Binding[]>();

  async load(): Promise<Binding[]> {
    return [...this.byAor.values()].flat();
  }

  async replace(aor: string, bindings: readonly Binding[]): Promise<void> {
    if (bindings.length === 0) this.byAor.delete(aor);
    else this.byAor.set(aor, [...bindings]);
  }

  async close(): Promise<void> {}
}

// TEST DOUBLE — the vocabulary of the IOS simulator's command grammar.

export type SimMode =
  | "user"
  | "exec"
  | "config"
  | "config-if"
  | "dhcp-config"
  | "config-cmap"
  | "config-pmap"
  | "config-pmap-c"
  | "config-std-nacl"
  | "config-ext-nacl"
  | "config-line";

/** One token position of a command. Keywords may be abbreviated to any unique prefix, like IOS. */
export type Spec =
  | { k: "kw"; word: string }
  | { k: "ip" }
  | { k: "int"; min: number; max: number }
  | { k: "word" }
  /** A token, or a "quoted string" with blanks. */
  | { k: "string" }
  /** An interface name, full or abbreviated (`fa0/1`). */
  | { k: "iface" }
  | { k: "dscp" }
  /** The rest of the line. */
  | { k: "line" };

export interface CommandDef {
  specs: Spec[];
  /** How many specs are required (the rest are optional, in order). Default: all. */
  min?: number;
  /** Required specs of the `no` form; false when the command has none. Default: min. */
  noMin?: number | false;
  /** The command opens this sub-mode (and a block in the running-config). */
  enters?: SimMode;
  /** The command holds one value: the first `key` canonical tokens identify it (a new value replaces). */
  key?: number;
  /** The running-config form of the canonical tokens; null hides it (a default value). */
  canon?: (tokens: string[]) => string | null;
  /** On by default: the running-config shows only its `no` form. */
  defaultOn?: boolean;
  /** Exec commands and mode changes: handled by the CLI instead of stored. */
  action?: string;
}

export const kw = (...words: string[]): Spec[] => words.map((word) => ({ k: "kw", word }));
export const ip: Spec = { k: "ip" };
export const word: Spec = { k: "word" };
export const line: Spec = { k: "line" };
export const iface: Spec = { k: "iface" };
export const dscp: Spec = { k: "dscp" };
export const str: Spec = { k: "string" };
export const int = (min: number, max: number): Spec => ({ k: "int", min, max });
export const repeat = (spec: Spec, n: number): Spec[] => Array.from({ length: n }, () => spec);

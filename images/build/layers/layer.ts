// A layer after the base system: a name and the edits it makes, computed from the recipe (and what
// the base tree already holds). Pure, so each layer's output is unit-tested without building.
import type { DiskLayout } from "../../disk-layout.ts";
import type { ImageRecipe } from "../../recipe.ts";
import type { DerivedIds } from "../../recipe-hash.ts";
import type { TreeEdit, TreeView } from "../tree-edit.ts";

export interface LayerContext {
  readonly recipe: ImageRecipe;
  readonly ids: DerivedIds;
  readonly layout: DiskLayout;
  /** The tree as the earlier layers left it. */
  readonly tree: TreeView;
  /** The appliance bundle's bytes (already checked against the recipe's sha256). */
  readonly bundle: Uint8Array;
}

export interface Layer {
  readonly name: string;
  edits(ctx: LayerContext): TreeEdit[];
}

/** `[Install] WantedBy=` done by hand: the symlink systemctl enable would make. */
export function wantedBy(target: string, unit: string): TreeEdit {
  return {
    kind: "symlink",
    path: `/etc/systemd/system/${target}.wants/${unit}`,
    target: `/etc/systemd/system/${unit}`,
  };
}

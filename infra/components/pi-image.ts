// `pibx:image:PiImage`: the Raspberry Pi image built by the image builder's CLI
// (`tsx images/build/cli.ts --lab <lab.yaml> --bundle <appliance.mjs> --no-xz`, which prints the
// image path and its sha256 on stdout), through a LocalCommand keyed by the recipe key: an
// unchanged recipe runs nothing. `pibx:image:SdCard` writes it to the card the lab names.
//
// The recipe key: infra/ may not import images/ (they run on different machines), so the exact
// recipe hash is not computed here. The key hashes what the recipe is derived from — the lab's
// appliance section and time zone, the appliance bundle and the package lock — so it changes
// whenever the recipe can; a change that leaves the recipe equal is a cache hit in the builder.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../schemas/index.ts";
import { LocalCommand } from "../providers/local-command-resource.ts";

/** Canonical JSON (sorted keys): the same lab always gives the same key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export interface RecipeSources {
  /** sha256 of the appliance bundle baked in ("absent" when not built yet). */
  bundleSha256: string;
  /** sha256 of each package lock file, by name. */
  packageLocks: Record<string, string>;
}

/** Pure: the key of the image recipe `lab` and `sources` derive. */
export function imageRecipeKey(lab: Lab, sources: RecipeSources): string {
  const inputs = { appliance: lab.appliance, timezone: lab.site.timezone, ...sources };
  return createHash("sha256").update(canonical(inputs)).digest("hex");
}

const sha256File = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

/** Reads the sources on this machine: the bundle and images/packages/*.json. */
export function readRecipeSources(repoRoot: string, bundle: string): RecipeSources {
  const locks = join(repoRoot, "images/packages");
  const packageLocks = existsSync(locks)
    ? Object.fromEntries(
        readdirSync(locks)
          .filter((f) => f.endsWith(".json"))
          .sort()
          .map((f) => [f, sha256File(join(locks, f))]),
      )
    : {};
  return { bundleSha256: existsSync(bundle) ? sha256File(bundle) : "absent", packageLocks };
}

export interface PiImageArgs {
  lab: Lab;
  /** The lab file (absolute), handed to the builder's --lab. */
  labFile: string;
  repoRoot: string;
  /** Default <repo>/dist/appliance.mjs (`npm run build:appliance`). */
  bundle?: string;
  /** Override the build command (argv); the default is the image builder's CLI. */
  command?: string[];
  /** Default the key read from this machine. */
  recipeKey?: string;
  timeoutMs?: number;
}

export class PiImage extends pulumi.ComponentResource {
  readonly path: pulumi.Output<string | undefined>;
  readonly sha256: pulumi.Output<string | undefined>;
  readonly recipeKey: string;

  constructor(name: string, args: PiImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:image:PiImage", name, {}, opts);
    const bundle = args.bundle ?? join(args.repoRoot, "dist/appliance.mjs");
    this.recipeKey = args.recipeKey ?? imageRecipeKey(args.lab, readRecipeSources(args.repoRoot, bundle));
    const command = args.command ?? [
      process.execPath,
      "--import",
      "tsx",
      join(args.repoRoot, "images/build/cli.ts"),
      "--lab",
      args.labFile,
      "--bundle",
      bundle,
      "--no-xz",
    ];
    const build = new LocalCommand(
      `${name}-build`,
      {
        command,
        cwd: args.repoRoot,
        triggers: this.recipeKey,
        parse: "path-sha256",
        timeoutMs: args.timeoutMs ?? 3_600_000,
      },
      { parent: this },
    );
    this.path = build.path;
    this.sha256 = build.sha256;
    this.registerOutputs({ path: this.path, sha256: this.sha256, recipeKey: this.recipeKey });
  }
}

export interface SdCardArgs {
  image: PiImage;
  /** The block device (lab.appliance.image.writeTo). */
  device: string;
  repoRoot: string;
  /**
   * Writes the image with the flash safety checks (images/flash.ts: removable, not mounted, not the
   * system disk, verified after writing). Default `tsx bin/pibx.ts flash <image> <device>
   * --sha256 <sha256>`: that subcommand is not in bin/ yet.
   */
  command?: (image: string, sha256: string, device: string) => string[];
}

/** `pibx:image:SdCard`: the image written to a card, again when the image or the device changes. */
export class SdCard extends pulumi.ComponentResource {
  readonly device: string;

  constructor(name: string, args: SdCardArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pibx:image:SdCard", name, {}, opts);
    const argv =
      args.command ??
      ((image: string, sha256: string, device: string) => [
        process.execPath,
        "--import",
        "tsx",
        join(args.repoRoot, "bin/pibx.ts"),
        "flash",
        image,
        device,
        "--sha256",
        sha256,
      ]);
    const written = pulumi.all([args.image.path, args.image.sha256]).apply(([path, sha256]) => ({
      argv: argv(path ?? "", sha256 ?? "", args.device),
      triggers: `${sha256 ?? ""}@${args.device}`,
    }));
    new LocalCommand(
      `${name}-flash`,
      { command: written.argv, cwd: args.repoRoot, triggers: written.triggers },
      { parent: this },
    );
    this.device = args.device;
    this.registerOutputs({ device: this.device });
  }
}

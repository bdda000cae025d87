// The recipe hash: sha256 of the recipe's canonical JSON (sorted keys), leaving out what does not
// change the image (the bundle's path on the build host: its sha256 is what counts). Every
// identifier in the image (disk id, file-system UUIDs, volume id) is derived from it.
import { createHash } from "node:crypto";

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Identifiers derived from the recipe hash, each from its own labelled sub-hash. */
export interface DerivedIds {
  /** MBR disk identifier (PARTUUID is `<diskId>-01` / `-02`), 8 hex digits. */
  readonly diskId: string;
  /** ext4 file-system UUID of the root partition. */
  readonly rootUuid: string;
  /** ext4 directory-hash seed (a UUID). */
  readonly rootHashSeed: string;
  /** FAT volume id of the boot partition, 8 hex digits. */
  readonly bootVolumeId: string;
}

function uuidFrom(hex: string): string {
  // A version-4-shaped UUID (variant 10xx) so tools that check the format accept it.
  const h = hex.slice(0, 32).split("");
  h[12] = "4";
  h[16] = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

export function derivedIds(recipeHash: string): DerivedIds {
  const sub = (label: string) => sha256Hex(`${label}:${recipeHash}`);
  let diskId = sub("disk-id").slice(0, 8);
  if (diskId === "00000000") diskId = "00000001"; // 0 means "no id" to some firmware
  return {
    diskId,
    rootUuid: uuidFrom(sub("root-uuid")),
    rootHashSeed: uuidFrom(sub("root-hash-seed")),
    bootVolumeId: sub("boot-volume-id").slice(0, 8).toUpperCase(),
  };
}

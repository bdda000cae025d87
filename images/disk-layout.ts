// The partition table: MBR (what every Raspberry Pi boot ROM reads), a FAT32 boot partition and an
// ext4 root, both aligned to 4 MiB like Raspberry Pi OS. Pure arithmetic, written by sfdisk.
import { RecipeError } from "./errors.ts";

export const SECTOR = 512;
const MIB = 1024 * 1024;
const SECTORS_PER_MIB = MIB / SECTOR;
/** First partition starts at 4 MiB: room for the MBR and erase-block alignment on SD cards. */
export const FIRST_PARTITION_MIB = 4;

export interface Partition {
  readonly number: 1 | 2;
  /** MBR partition type: 0x0c FAT32 (LBA), 0x83 Linux. */
  readonly type: "c" | "83";
  readonly startSector: number;
  readonly sectors: number;
  /** `<diskId>-0N`, what cmdline.txt and fstab name it by. */
  readonly partuuid: string;
}

export interface DiskLayout {
  readonly diskId: string;
  readonly totalBytes: number;
  readonly boot: Partition;
  readonly root: Partition;
}

export function diskLayout(sizeMiB: number, bootMiB: number, diskId: string): DiskLayout {
  if (!/^[0-9a-f]{8}$/.test(diskId)) throw new RecipeError("disk.id", `"${diskId}" is not 8 hex digits`);
  const rootStartMiB = FIRST_PARTITION_MIB + bootMiB;
  const rootMiB = sizeMiB - rootStartMiB;
  if (!Number.isInteger(sizeMiB) || !Number.isInteger(bootMiB) || bootMiB <= 0 || rootMiB <= 0) {
    throw new RecipeError("disk", `cannot fit a ${bootMiB} MiB boot partition and a root in ${sizeMiB} MiB`);
  }
  // MBR addresses at most 2^32 sectors (2 TiB).
  if (sizeMiB * SECTORS_PER_MIB > 0xffffffff)
    throw new RecipeError("disk.sizeMiB", "MBR cannot address 2 TiB or more");
  return {
    diskId,
    totalBytes: sizeMiB * MIB,
    boot: {
      number: 1,
      type: "c",
      startSector: FIRST_PARTITION_MIB * SECTORS_PER_MIB,
      sectors: bootMiB * SECTORS_PER_MIB,
      partuuid: `${diskId}-01`,
    },
    root: {
      number: 2,
      type: "83",
      startSector: rootStartMiB * SECTORS_PER_MIB,
      sectors: rootMiB * SECTORS_PER_MIB,
      partuuid: `${diskId}-02`,
    },
  };
}

export function partitionOffset(p: Partition): number {
  return p.startSector * SECTOR;
}

export function partitionBytes(p: Partition): number {
  return p.sectors * SECTOR;
}

/** sfdisk's script format for the layout (`sfdisk --no-reread --no-tell-kernel image < script`). */
export function sfdiskScript(layout: DiskLayout): string {
  const line = (p: Partition) => `start=${p.startSector}, size=${p.sectors}, type=${p.type}`;
  return [
    "label: dos",
    `label-id: 0x${layout.diskId}`,
    "unit: sectors",
    "sector-size: 512",
    "",
    line(layout.boot),
    line(layout.root),
    "",
  ].join("\n");
}

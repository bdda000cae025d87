// Layer 2, the board: what the Raspberry Pi firmware boots (config.txt, cmdline.txt pointing at the
// root by PARTUUID) and the fstab. raspi-firmware has already put the firmware, the device trees,
// the kernel and the initramfs into /boot/firmware; the FAT partition is made from that directory.
import {
  type KernelFiles,
  renderCmdlineTxt,
  renderConfigTxt,
  renderFstab,
  renderRaspiFirmwareDefaults,
} from "../../boot-config.ts";
import { ImageBuildError } from "../../errors.ts";
import { file } from "../tree-edit.ts";
import type { Layer, LayerContext } from "./layer.ts";

export function kernelFiles(ctx: Pick<LayerContext, "tree">): KernelFiles {
  const boot = ctx.tree.list("/boot/firmware");
  const kernels = boot.filter((f) => f.startsWith("vmlinuz-"));
  if (kernels.length !== 1) {
    throw new ImageBuildError(
      "board",
      `expected one kernel in /boot/firmware, found ${kernels.length}`,
      "linux-image-arm64",
    );
  }
  const kernel = kernels[0]!;
  const initrd = `initrd.img-${kernel.slice("vmlinuz-".length)}`;
  if (!boot.includes(initrd))
    throw new ImageBuildError("board", "the initramfs was not generated", `/boot/firmware/${initrd}`);
  return { kernel, initrd };
}

export const boardLayer: Layer = {
  name: "board",
  edits(ctx) {
    const { boot, root } = ctx.layout;
    return [
      file("/boot/firmware/config.txt", renderConfigTxt(ctx.recipe.board, kernelFiles(ctx))),
      file("/boot/firmware/cmdline.txt", renderCmdlineTxt(ctx.recipe.board, root.partuuid)),
      file("/etc/default/raspi-firmware", renderRaspiFirmwareDefaults(root.partuuid)),
      file("/etc/fstab", renderFstab(boot.partuuid, root.partuuid)),
    ];
  },
};

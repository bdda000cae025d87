// The image builder's typed errors: each names the step it failed in and, when known, the package
// or file at fault, so a failed build says what to look at.

/** Base class so callers can tell image-builder failures from programming errors. */
export class ImageError extends Error {
  override name = "ImageError";
}

/** A build step failed; `subject` is the package, file or tool at fault when one is known. */
export class ImageBuildError extends ImageError {
  override name = "ImageBuildError";
  constructor(
    readonly step: string,
    readonly detail: string,
    readonly subject?: string,
  ) {
    super(`image build failed in step "${step}"${subject ? ` (at fault: ${subject})` : ""}: ${detail}`);
  }
}

/** A recipe (or the lab it came from) cannot make an image: `path` is the recipe field. */
export class RecipeError extends ImageError {
  override name = "RecipeError";
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`recipe ${path}: ${detail}`);
  }
}

/** `pibx flash` refused or failed; `device` is the block device (or file) it was asked to write. */
export class FlashError extends ImageError {
  override name = "FlashError";
  constructor(
    readonly device: string,
    readonly reason:
      | "not-a-device"
      | "not-removable"
      | "mounted"
      | "too-small"
      | "declined"
      | "verify-failed"
      | "io",
    detail: string,
  ) {
    super(`flash ${device}: ${detail}`);
  }
}

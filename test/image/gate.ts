// The image tests build and boot a real image (minutes, root, qemu): they run from their npm scripts
// (`npm run test:image-repro`, `npm run test:image-boot`), which set PIBX_IMAGE_TESTS=1, and are
// skipped in the ordinary suite.
export const imageTestsSkip: string | false =
  process.env.PIBX_IMAGE_TESTS === "1"
    ? false
    : "set PIBX_IMAGE_TESTS=1 (npm run test:image-repro / test:image-boot)";

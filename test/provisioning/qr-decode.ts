// Reading QR codes back: jsQR on the PNG's pixels (pngjs), and zbarimg as a second opinion.
import { execFile } from "node:child_process";
import jsQRModule from "jsqr";
import { PNG } from "pngjs";

// jsqr is CommonJS: under NodeNext its default export is typed as the module object, while the
// runtime hands over the function itself (or an object holding it as `default`).
type JsQr = typeof jsQRModule.default;
const jsQR: JsQr =
  typeof jsQRModule === "function"
    ? (jsQRModule as unknown as JsQr)
    : (jsQRModule as { default: JsQr }).default;

export function decodeWithJsQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** `zbarimg --raw -q <file>`: the decoded text, without the trailing newline. */
export function decodeWithZbar(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile("zbarimg", ["--raw", "-q", file], (err, stdout) => {
      if (err) reject(err);
      else resolve(stdout.replace(/\n$/, ""));
    });
  });
}

// QR codes as PNG images and as text for a terminal (qrcode package).
import QRCode from "qrcode";

/** Error correction M: survives a smudged screen, keeps the code small. */
const OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...OPTIONS, type: "png", scale: 6 });
}

/** Half-block characters: two modules per character row, readable by phone cameras. */
export function qrTerminal(text: string): Promise<string> {
  return QRCode.toString(text, { ...OPTIONS, type: "utf8" });
}

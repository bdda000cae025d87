// Bounds on what the parser accepts: an SDP body arrives from the network, so its size and the
// number of everything in it are capped before any work is done.

export interface SdpLimits {
  maxBytes: number;
  maxLines: number;
  maxLineLength: number;
  maxMedia: number;
  maxFormats: number;
  maxAttributes: number;
}

export const DEFAULT_SDP_LIMITS: SdpLimits = {
  maxBytes: 16 * 1024,
  maxLines: 512,
  maxLineLength: 2048,
  maxMedia: 16,
  maxFormats: 64,
  maxAttributes: 256,
};

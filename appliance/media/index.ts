export type { ConferenceMixerOptions, MixerParticipantOptions } from "./conference-mixer.ts";
export { ConferenceMixer } from "./conference-mixer.ts";
export { PortRangeExhaustedError } from "./errors.ts";
export { FRAME_MS, SAMPLES_PER_FRAME } from "./frame.ts";
export type { G711Law } from "./g711.ts";
export {
  alawDecodeSample,
  alawEncodeSample,
  G711_PAYLOAD_TYPE,
  g711Decode,
  g711Encode,
  g711Silence,
  g711Transcode,
  ulawDecodeSample,
  ulawEncodeSample,
} from "./g711.ts";
export { GoertzelBank, goertzelAmplitude, goertzelPower } from "./goertzel.ts";
export type { JitterBufferOptions, JitterBufferStats } from "./jitter-buffer.ts";
export { JitterBuffer } from "./jitter-buffer.ts";
export type { ForwardMode, LegId, LegRemote, LegStats, MediaSessionEvents } from "./media-session.ts";
export { MediaSession } from "./media-session.ts";
export type { PacedTickerOptions } from "./paced-ticker.ts";
export { PacedTicker } from "./paced-ticker.ts";
export type { PortPair, PortRange } from "./port-allocator.ts";
export { closeSocket, PortAllocator } from "./port-allocator.ts";
export type { PlayerFrame, PromptPlayerEvents, PromptPlayerOptions } from "./prompt-player.ts";
export { PromptPlayer } from "./prompt-player.ts";
export type { ReportBlock, RtcpPacket, SenderInfo } from "./rtcp-packet.ts";
export { decodeRtcpCompound, encodeReport } from "./rtcp-packet.ts";
export type { RtpHeaderExtension, RtpPacket } from "./rtp-packet.ts";
export { decodeRtp, encodeRtp, isRtcpInMux, looksLikeRtp, rtpPayloadBounds } from "./rtp-packet.ts";
export type { RtpRelayOptions } from "./rtp-relay.ts";
export { RtpRelay } from "./rtp-relay.ts";
export { seqDelta } from "./sequence.ts";
export type { Endpoint, LatchExpectation, LatchOptions, LatchReason, LatchVerdict } from "./source-latch.ts";
export { SourceLatch } from "./source-latch.ts";
export type { RewrittenHeader } from "./stream-rewriter.ts";
export { StreamRewriter } from "./stream-rewriter.ts";
export type { StreamStatsSnapshot } from "./stream-stats.ts";
export { RtpStreamStats } from "./stream-stats.ts";
export type { ToneSpec } from "./tone.ts";
export { ToneGenerator, toneSamples } from "./tone.ts";
export type { WavAudio, WavFormat } from "./wav.ts";
export {
  encodeWavPcm16,
  parseWav,
  promptSamples,
  WAVE_FORMAT_ALAW,
  WAVE_FORMAT_EXTENSIBLE,
  WAVE_FORMAT_MULAW,
  WAVE_FORMAT_PCM,
  wavHeader,
} from "./wav.ts";
export type { RecordingEncoding, WavRecorderOptions } from "./wav-recorder.ts";
export { WavRecorder } from "./wav-recorder.ts";

export type { HoldChange } from "./hold-state.ts";
export { HoldState } from "./hold-state.ts";
export type { HoldPlayback, MusicOnHold } from "./music-on-hold.ts";
export { LoopedMusicOnHold } from "./music-on-hold.ts";

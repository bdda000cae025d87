export { removeStaleTemps, writeFileDurable, writeFileDurableSync } from "./atomic-write.ts";
export { loadOrCreateSecret } from "./secret-file.ts";

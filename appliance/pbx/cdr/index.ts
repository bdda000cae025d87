export type { CallDetailRecord, CallOutcome, CdrSink } from "./cdr-record.ts";
export { isCallDetailRecord, outcomeOfStatus } from "./cdr-record.ts";
export type { CdrRecovery } from "./jsonl-cdr-store.ts";
export { JsonlCdrStore, MemoryCdrSink, readCdrFile } from "./jsonl-cdr-store.ts";

export type { TransferOptions, TransferOutcome } from "./transfer-service.ts";
export { TransferService } from "./transfer-service.ts";

/** Waits `ms` milliseconds (polling loops only: tests never sleep for a protocol timer). */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

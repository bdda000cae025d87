// Builds spoken sentences from prompt ids: "you have" + "three" + "new messages".
import { localeStrings } from "./locale-strings.ts";

/** The prompt ids that say n in a locale. */
export function numberPrompts(n: number, locale = "en-US"): string[] {
  return localeStrings(locale).sayNumber(n);
}

/** "You have N new messages [and M saved messages]" or "You have no messages". */
export function messageCountPrompts(counts: { new: number; saved: number }, locale = "en-US"): string[] {
  if (counts.new === 0 && counts.saved === 0) return ["vm-no-messages"];
  const out = [
    "vm-you-have",
    ...numberPrompts(counts.new, locale),
    counts.new === 1 ? "vm-new-message" : "vm-new-messages",
  ];
  if (counts.saved > 0) {
    out.push(
      "vm-and",
      ...numberPrompts(counts.saved, locale),
      counts.saved === 1 ? "vm-saved-message" : "vm-saved-messages",
    );
  }
  return out;
}

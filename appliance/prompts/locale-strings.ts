// The built-in prompts of the IVR and voicemail as text per locale, spoken by espeak-ng when the
// config is applied. Another language is one more entry in LOCALES: its espeak-ng voice, the
// strings, and how it says numbers with the `num-*` prompts.

/** Prompt ids every locale provides (numbers come from `numberWords`). */
export const BUILTIN_PROMPT_IDS = [
  "ivr-invalid-option",
  "vm-unavailable",
  "vm-leave-message",
  "vm-message-saved",
  "vm-message-deleted",
  "vm-mailbox-full",
  "vm-enter-pin",
  "vm-invalid-pin",
  "vm-locked",
  "vm-you-have",
  "vm-new-message",
  "vm-new-messages",
  "vm-and",
  "vm-saved-message",
  "vm-saved-messages",
  "vm-no-messages",
  "vm-message-menu",
  "vm-no-more-messages",
  "vm-goodbye",
] as const;

export type BuiltinPromptId = (typeof BUILTIN_PROMPT_IDS)[number];

/** Tones are synthesised, not spoken. */
export const TONE_PROMPTS: Readonly<Record<string, { hz: number; ms: number }>> = {
  "vm-beep": { hz: 1000, ms: 300 },
};

export interface LocaleStrings {
  /** espeak-ng voice name. */
  voice: string;
  strings: Readonly<Record<BuiltinPromptId, string>>;
  /** Words for the `num-<word>` prompts (e.g. `num-3` → "three", `num-hundred` → "hundred"). */
  numberWords: Readonly<Record<string, string>>;
  /** How a number is said, as `num-*` prompt ids. */
  sayNumber(n: number): string[];
  /** The greeting of a box without its own (lab: "<name> is not available, please leave a message"). */
  defaultBoxGreeting(name: string): string;
}

const EN_ONES = [
  "zero",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
  "thirteen",
  "fourteen",
  "fifteen",
  "sixteen",
  "seventeen",
  "eighteen",
  "nineteen",
];
const EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

function enNumberWords(): Record<string, string> {
  const w: Record<string, string> = {};
  EN_ONES.forEach((word, i) => {
    w[String(i)] = word;
  });
  for (let t = 2; t < 10; t++) w[String(t * 10)] = EN_TENS[t]!;
  w.hundred = "hundred";
  w.thousand = "thousand";
  return w;
}

function enSayNumber(n: number): string[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`cannot say ${n}`);
  if (n >= 1_000_000) return [...String(n)].map((d) => `num-${d}`); // digit by digit
  const out: string[] = [];
  const below1000 = (x: number) => {
    if (x >= 100) {
      out.push(`num-${Math.floor(x / 100)}`, "num-hundred");
      x %= 100;
      if (x === 0) return;
    }
    if (x < 20) out.push(`num-${x}`);
    else {
      out.push(`num-${Math.floor(x / 10) * 10}`);
      if (x % 10) out.push(`num-${x % 10}`);
    }
  };
  if (n >= 1000) {
    below1000(Math.floor(n / 1000));
    out.push("num-thousand");
    n %= 1000;
    if (n === 0) return out;
  }
  below1000(n);
  return out;
}

export const LOCALES: Readonly<Record<string, LocaleStrings>> = {
  "en-US": {
    voice: "en-us",
    strings: {
      "ivr-invalid-option": "Sorry, that is not a valid option.",
      "vm-unavailable": "The person you are calling is not available.",
      "vm-leave-message":
        "After the tone, please record your message. When you are done, press the pound key or hang up.",
      "vm-message-saved": "Message saved.",
      "vm-message-deleted": "Message deleted.",
      "vm-mailbox-full": "Sorry, this mailbox is full.",
      "vm-enter-pin": "Please enter your PIN, then press the pound key.",
      "vm-invalid-pin": "That PIN is not correct.",
      "vm-locked": "This mailbox is locked. Please try again later.",
      "vm-you-have": "You have",
      "vm-new-message": "new message",
      "vm-new-messages": "new messages",
      "vm-and": "and",
      "vm-saved-message": "saved message",
      "vm-saved-messages": "saved messages",
      "vm-no-messages": "You have no messages.",
      "vm-message-menu":
        "Press 1 to listen again, 7 to delete, 9 to save, or the pound key for the next message.",
      "vm-no-more-messages": "No more messages.",
      "vm-goodbye": "Goodbye.",
    },
    numberWords: enNumberWords(),
    sayNumber: enSayNumber,
    defaultBoxGreeting: (name) => `${name} is not available. Please leave a message.`,
  },
};

/** The locale table entry for a site locale (`en-US`, `en-us`, `en` all find en-US). */
export function localeStrings(locale: string): LocaleStrings {
  const exact = LOCALES[locale];
  if (exact) return exact;
  const lower = locale.toLowerCase();
  for (const [k, v] of Object.entries(LOCALES)) {
    if (k.toLowerCase() === lower || k.toLowerCase().split("-")[0] === lower.split("-")[0]) return v;
  }
  return LOCALES["en-US"]!;
}

/** espeak-ng voice for a locale: the table's, else the lower-cased tag (`fr-FR` → `fr-fr`). */
export function voiceForLocale(locale: string): string {
  return LOCALES[locale]?.voice ?? locale.toLowerCase();
}

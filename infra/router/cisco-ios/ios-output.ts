// Reading what IOS prints: prompts, pagers, confirmations and error messages.

/** `Router>`, `Router#`, `lab-router(config-pmap-c)#` at the end of the received text. */
export const PROMPT_RE = /(?:^|[\r\n])([A-Za-z0-9][\w.-]*(?:\([\w-]+\))?[>#]) ?$/;

export const MORE_RE = /\s?--More--\s?$/;

/** Questions IOS asks before some changes: the answer pibx gives (it only asks what it planned). */
export const CONFIRMATIONS: { re: RegExp; answer: string }[] = [
  { re: /\[confirm\]\s*$/, answer: "\r" },
  { re: /\[yes\/no\]:?\s*$/, answer: "yes\r" },
  { re: /\[no\]:\s*$/, answer: "yes\r" },
];

/**
 * IOS prefixes its refusals with `%` (`% Invalid input detected at '^' marker.`, `% Incomplete
 * command.`, `% Ambiguous command: …`, `% class map X not configured`, …). A refused line can
 * leave the CLI in another mode than planned, so any `%` line stops the run, except notices.
 */
const NOTICE_RE = /^%\s*(Warning|Note|Generating \d+ bit RSA keys)/i;

/** The first IOS error message in a command's output, if any. */
export function iosErrorIn(output: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const t = line.trim();
    if (t.startsWith("%") && !NOTICE_RE.test(t)) return t;
  }
  return undefined;
}

/** Removes the pager's marker and the backspaces IOS uses to erase it. */
export function stripPager(text: string): string {
  return text.replace(/ ?--More-- ?/g, "").replace(/\x08+ *\x08*/g, "");
}

// Binds one box of the store and the PIN guard to what the retrieval flow needs, and builds a
// box's deposit greeting from the lab (a custom greeting per box, e.g. the operator's long one).
import { boxGreetingPromptId } from "../../prompts/prompt-ids.ts";
import type { PromptItem } from "../../prompts/prompt-player.ts";
import type { PinGuard } from "./pin-guard.ts";
import type { MailboxAccess } from "./retrieval-flow.ts";
import type { VoicemailStore } from "./voicemail-store.ts";

export function mailboxAccess(
  store: VoicemailStore,
  guard: PinGuard,
  box: string,
  pin: string,
): MailboxAccess {
  return {
    isLocked: async () => (await guard.lockedFor(box)) > 0,
    verifyPin: (entered) => guard.verify(box, entered, pin),
    list: () => store.list(box),
    markSaved: (id) => store.markSaved(box, id),
    delete: (id) => store.delete(box, id),
    audio: (id) => ({ file: store.audioPath(box, id) }),
  };
}

export { boxGreetingPromptId };

/**
 * What a caller hears before the tone: the box's greeting, rendered from its own text or from
 * the default "<name> is not available…" (prompt `vm-greeting:<box>`, see prompts/prompt-library.ts),
 * or its recorded file once converted. The operator's long custom greeting is just its text.
 */
export function depositGreeting(
  box: string,
  greeting: { say: string } | { file: string } | undefined,
  convertedFile?: (file: string) => string,
): PromptItem[] {
  if (greeting && "file" in greeting && convertedFile) return [{ file: convertedFile(greeting.file) }];
  return [boxGreetingPromptId(box)];
}

// Voicemail's typed errors.
import { PibxError } from "../../base/index.ts";

/** The box holds its maximum number of messages: callers are told so, nothing is recorded. */
export class MailboxFullError extends PibxError {
  override name = "MailboxFullError";
  constructor(
    readonly box: string,
    readonly max: number,
  ) {
    super(`mailbox ${box} is full (${max} messages)`);
  }
}

/** No such message (deleted meanwhile, or a bad id). */
export class MessageNotFoundError extends PibxError {
  override name = "MessageNotFoundError";
  constructor(
    readonly box: string,
    readonly id: string,
  ) {
    super(`no message ${id} in mailbox ${box}`);
  }
}

/** A box name or message id that could escape the store's directory, or is otherwise malformed. */
export class InvalidMailboxNameError extends PibxError {
  override name = "InvalidMailboxNameError";
  constructor(readonly value: string) {
    super(`invalid mailbox or message name ${JSON.stringify(value)}`);
  }
}

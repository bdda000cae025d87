/** Any failure of the virtual lab: a command that failed, a daemon that did not come up, a timeout. */
export class LabError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(detail ? `${message}\n${detail}` : message);
    this.name = "LabError";
  }
}

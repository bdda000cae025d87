// The typed error of the appliance-config plan: a secret the lab references was not supplied.

/** A secret the lab references but the caller did not supply. */
export class MissingSecretError extends Error {
  override name = "MissingSecretError";
  constructor(
    readonly secret: string,
    readonly usedAt: string,
  ) {
    super(`secret ${secret} (used at ${usedAt}) has no value`);
  }
}

/** The secret's value, or MissingSecretError naming where the lab uses it. */
export function secretValue(secrets: Readonly<Record<string, string>>, name: string, usedAt: string): string {
  const v = secrets[name];
  if (v === undefined) throw new MissingSecretError(name, usedAt);
  return v;
}

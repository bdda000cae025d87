// The logic of the GeneratedSecret dynamic provider: crypto-random passwords and PINs, generated
// once and then kept. Pure functions over injected randomness, plus the provider entry points the
// shell in generated-secret-resource.ts loads. Diffs name properties only, never values.
import { randomBytes as cryptoRandomBytes } from "node:crypto";
import type * as pulumi from "@pulumi/pulumi";

export type SecretKind = "password" | "pin";

export interface GeneratedSecretInputs {
  kind: SecretKind;
  length: number;
}

export interface GeneratedSecretOutputs extends GeneratedSecretInputs {
  value: string;
}

export type RandomBytes = (size: number) => Uint8Array;

const alphabets: Record<SecretKind, string> = {
  password: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
  pin: "0123456789",
};

export const lengthLimits = { min: 4, max: 128 } as const;

/** `length` characters drawn uniformly from the kind's alphabet (rejection sampling: no modulo bias). */
export function generateSecretValue(kind: SecretKind, length: number, randomBytes: RandomBytes): string {
  const alphabet = alphabets[kind];
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

export function check(news: Record<string, unknown>): pulumi.dynamic.CheckResult<GeneratedSecretInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const kind = news.kind;
  const length = news.length;
  if (kind !== "password" && kind !== "pin") {
    failures.push({ property: "kind", reason: `must be "password" or "pin", not ${JSON.stringify(kind)}` });
  }
  if (
    typeof length !== "number" ||
    !Number.isInteger(length) ||
    length < lengthLimits.min ||
    length > lengthLimits.max
  ) {
    failures.push({
      property: "length",
      reason: `must be an integer from ${lengthLimits.min} to ${lengthLimits.max}, not ${JSON.stringify(length)}`,
    });
  }
  if (failures.length > 0) return { failures };
  return { inputs: { kind: kind as SecretKind, length: length as number } };
}

export function create(
  inputs: GeneratedSecretInputs,
  randomBytes: RandomBytes = cryptoRandomBytes,
): pulumi.dynamic.CreateResult<GeneratedSecretOutputs> {
  const value = generateSecretValue(inputs.kind, inputs.length, randomBytes);
  // The id is random too: deriving it from the value would leak the value into plain state.
  const id = Buffer.from(randomBytes(8)).toString("hex");
  return { id, outs: { kind: inputs.kind, length: inputs.length, value } };
}

/** A new kind or length replaces the secret; anything else keeps it (stable across updates). */
export function diff(olds: GeneratedSecretOutputs, news: GeneratedSecretInputs): pulumi.dynamic.DiffResult {
  const replaces = (["kind", "length"] as const).filter((key) => olds[key] !== news[key]);
  return { changes: replaces.length > 0, replaces, deleteBeforeReplace: false };
}

export function read(
  id: string,
  props: GeneratedSecretOutputs,
): pulumi.dynamic.ReadResult<GeneratedSecretOutputs> {
  return { id, props };
}

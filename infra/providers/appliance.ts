// The logic of the Appliance dynamic provider (pibx:appliance:Appliance): converge the running
// appliance to the lab over SSH. The shell in appliance-resource.ts loads this module by URL.
//  - diff: the semantic preview of the lab change ("IVR main: option 13 now rings …"), printed to
//    the provider's stdout (the engine shows it under the stack's diagnostics), from the lab kept
//    in state (plain: it holds only secret names) and the secret digests (kept as secrets);
//  - create/update: wait for SSH (bounded backoff), push, reload, health;
//  - read: drift detection, the sha256 of the file on the Pi against the one pushed;
//  - delete: nothing on the Pi (removing the resource from the program must not stop the phones).
import type * as pulumi from "@pulumi/pulumi";
import type { Lab } from "../../schemas/index.ts";
import { semanticDiff } from "../plan/semantic-diff.ts";
import { type BackoffPolicy, defaultBackoff, type SshTarget, waitForSsh, withSsh } from "../ssh/index.ts";
import { registeringTrunks, renderApplianceDocument, secretDigests } from "./appliance-document.ts";
import { type ApplianceHealth, pushApplianceConfig, remoteConfigHash, sha256Hex } from "./appliance-push.ts";
import { type ApplianceRemote, defaultApplianceRemote } from "./appliance-remote.ts";

export interface ApplianceConnection extends SshTarget {
  /** Total time to wait for the Pi to accept SSH (it may be booting). */
  waitBudgetMs?: number;
}

export interface ApplianceInputs {
  /** The lab (no secret values in it: secrets are referenced by name). */
  lab: Lab;
  /** Secret values by name (a secret input). */
  secrets: Record<string, string>;
  connection: ApplianceConnection;
  remote: ApplianceRemote;
  stateDir?: string;
}

export interface ApplianceOutputs extends ApplianceInputs {
  /** sha256 of the config file pibx pushed (refresh replaces it with the one found on the Pi). */
  configHash: string;
  /** sha256 of each secret value: a secret output, compared to report rotations. */
  secretDigests: Record<string, string>;
  /** The whole pushed document: a secret output. */
  pushedConfig: string;
  health: ApplianceHealth;
}

/** Writes one preview line; the provider's stdout reaches `pulumi preview` as a diagnostic. */
export type Report = (line: string) => void;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object";

/** How the engine passes a value not known yet (during a preview: a secret not generated yet). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const known = (v: unknown) => v !== unknownValue;

export function applianceCheck(news: Record<string, unknown>): pulumi.dynamic.CheckResult<ApplianceInputs> {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  if (known(news.lab) && !isRecord(news.lab))
    failures.push({ property: "lab", reason: "must be the loaded lab" });
  if (known(news.secrets) && !isRecord(news.secrets)) {
    failures.push({ property: "secrets", reason: "must map secret names to values" });
  }
  const c = news.connection;
  if (known(c) && (!isRecord(c) || typeof c.host !== "string" || typeof c.privateKey !== "string")) {
    failures.push({ property: "connection", reason: "needs host, port, username and privateKey" });
  }
  if (failures.length > 0) return { failures };
  const remote = {
    ...defaultApplianceRemote,
    ...(isRecord(news.remote) ? news.remote : {}),
  } as ApplianceRemote;
  return { inputs: { ...(news as unknown as ApplianceInputs), remote } };
}

function documentOf(inputs: ApplianceInputs): string {
  return renderApplianceDocument(
    inputs.lab,
    inputs.secrets,
    inputs.stateDir ? { stateDir: inputs.stateDir } : {},
  );
}

/** The preview lines: lab changes, rotations, drift, and a new target or contract. Pure. */
export function planApplianceChanges(olds: ApplianceOutputs, news: ApplianceInputs): string[] {
  // During a preview, secrets generated in the same run are not known yet: then the lab changes are
  // still previewed, but rotations and the document hash wait for `up`.
  const secretsKnown =
    isRecord(news.secrets) && Object.values(news.secrets).every((v) => typeof v === "string" && known(v));
  const lines = semanticDiff(
    olds.lab,
    news.lab,
    secretsKnown
      ? { secretDigestsBefore: olds.secretDigests, secretDigestsAfter: secretDigests(news.secrets) }
      : {},
  );
  const pushed = sha256Hex(olds.pushedConfig ?? "");
  if (olds.configHash !== pushed) {
    lines.push(
      "appliance: the config on the Pi differs from what pibx pushed (drift): it will be pushed again",
    );
  } else if (secretsKnown && lines.length === 0 && sha256Hex(documentOf(news)) !== pushed) {
    lines.push("appliance: the derived config changed (pibx's own defaults): it will be pushed again");
  } else if (!secretsKnown && lines.length === 0) {
    lines.push("appliance: secrets created in this run: the config will be pushed again");
  }
  if (isRecord(news.connection)) {
    const { privateKey: oldKey, ...oldTarget } = olds.connection;
    const { privateKey: newKey, ...newTarget } = news.connection;
    if (JSON.stringify(oldTarget) !== JSON.stringify(newTarget)) {
      lines.push(`appliance: now reached at ${newTarget.username}@${newTarget.host}:${newTarget.port}`);
    }
    if (known(newKey) && oldKey !== newKey) lines.push("appliance: SSH key changed");
  }
  if (JSON.stringify(olds.remote) !== JSON.stringify(news.remote))
    lines.push("appliance: push contract changed");
  return lines;
}

export function applianceDiff(
  olds: ApplianceOutputs,
  news: ApplianceInputs,
  report: Report,
): pulumi.dynamic.DiffResult {
  const lines = planApplianceChanges(olds, news);
  for (const line of lines) report(`appliance ${news.lab.appliance.hostname}: ${line}`);
  return { changes: lines.length > 0, replaces: [], deleteBeforeReplace: false };
}

async function converge(inputs: ApplianceInputs, backoff?: BackoffPolicy): Promise<ApplianceOutputs> {
  const document = documentOf(inputs);
  const policy = {
    ...(backoff ?? defaultBackoff),
    budgetMs: inputs.connection.waitBudgetMs ?? defaultBackoff.budgetMs,
  };
  const session = await waitForSsh(inputs.connection, { backoff: policy });
  try {
    const health = await pushApplianceConfig(session, inputs.remote, document, {
      trunks: registeringTrunks(inputs.lab),
    });
    return {
      ...inputs,
      configHash: sha256Hex(document),
      secretDigests: secretDigests(inputs.secrets),
      pushedConfig: document,
      health,
    };
  } finally {
    session.close();
  }
}

export async function applianceCreate(
  inputs: ApplianceInputs,
  backoff?: BackoffPolicy,
): Promise<pulumi.dynamic.CreateResult<ApplianceOutputs>> {
  const outs = await converge(inputs, backoff);
  // The id names the appliance, not its config: it is stable across pushes.
  return { id: `${inputs.lab.appliance.hostname}@${inputs.connection.host}`, outs };
}

export async function applianceUpdate(
  news: ApplianceInputs,
  backoff?: BackoffPolicy,
): Promise<pulumi.dynamic.UpdateResult<ApplianceOutputs>> {
  return { outs: await converge(news, backoff) };
}

/** Refresh: the hash of the file on the Pi replaces `configHash`, so drift shows in the next diff. */
export async function applianceRead(
  id: string,
  props: ApplianceOutputs,
): Promise<pulumi.dynamic.ReadResult<ApplianceOutputs>> {
  const found = await withSsh(props.connection, (session) => remoteConfigHash(session, props.remote));
  return { id, props: { ...props, configHash: found ?? "missing" } };
}

// The logic of the IosRouter dynamic provider: thin functions over the Cisco IOS backend (render →
// parse running-config → plan → type the lines over SSH). No module-level state. As for the Linux
// router, `check` puts the plan against the live router in `livePlan` so a preview shows drift.
// `delete` types the `no` forms of what pibx owns — its ACLs, class-maps, policy-maps, pools,
// excluded ranges, NAT entries, `ip dns server`, and the NAT roles and service-policies on its
// interfaces — keeping the interface addresses and the default route the session depends on.
import type * as pulumi from "@pulumi/pulumi";
import { applyCliLines, convergeIos, readRunning } from "../router/cisco-ios/apply-ios.ts";
import type { IosDesiredConfig } from "../router/cisco-ios/ios-desired-config.ts";
import { IosShell, type IosTarget } from "../router/cisco-ios/ios-shell.ts";
import { describePlan, planIos, planToCliLines } from "../router/cisco-ios/plan-ios.ts";
import { renderIos } from "../router/cisco-ios/render-ios.ts";
import type { RouterIntent } from "../router/router-intent.ts";

export interface IosRouterInputs {
  intent: RouterIntent;
  /** `password` and `enableSecret` arrive as Pulumi secrets; `connection` is a secret output. */
  connection: Omit<IosTarget, "hostVerifier">;
  livePlan?: string;
}

export interface IosRouterOutputs extends IosRouterInputs {
  appliedPlan: string;
}

const known = (c: IosRouterInputs["connection"]): boolean =>
  typeof c?.host === "string" && typeof c.password === "string";

async function withShell<T>(
  connection: IosRouterInputs["connection"],
  fn: (s: IosShell) => Promise<T>,
): Promise<T> {
  const shell = await IosShell.open(connection);
  try {
    return await fn(shell);
  } finally {
    shell.close();
  }
}

export async function iosLivePlan(inputs: IosRouterInputs): Promise<string> {
  const desired = renderIos(inputs.intent);
  return withShell(inputs.connection, async (s) => describePlan(planIos(desired, await readRunning(s))));
}

/** What is left when pibx goes: its interfaces keep their addresses (and pibx keeps no other line). */
export function iosRemovalConfig(desired: IosDesiredConfig): IosDesiredConfig {
  return {
    ownership: desired.ownership,
    sections: desired.sections.flatMap((s) => {
      if (s.kind === "route") return [s];
      if (s.kind !== "interface") return [];
      return [
        {
          ...s,
          absent: [],
          nodes: s.nodes.map((n) => ({
            ...n,
            children: n.children.filter((c) => c.text.startsWith("ip address")),
          })),
        },
      ];
    }),
  };
}

export async function iosCheck(news: IosRouterInputs): Promise<pulumi.dynamic.CheckResult<IosRouterInputs>> {
  try {
    renderIos(news.intent);
  } catch (e) {
    return { failures: [{ property: "intent", reason: (e as Error).message }] };
  }
  if (!known(news.connection)) return { inputs: news };
  return { inputs: { ...news, livePlan: await iosLivePlan(news) } };
}

export async function iosDiff(
  olds: IosRouterOutputs,
  news: IosRouterInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const live = known(news.connection) ? (news.livePlan ?? (await iosLivePlan(news))) : "unknown";
  const credentials = JSON.stringify(olds.connection) !== JSON.stringify(news.connection);
  const sameTarget = olds.connection?.host === news.connection?.host;
  return { changes: live !== "" || credentials, replaces: sameTarget ? [] : ["connection"] };
}

async function converge(inputs: IosRouterInputs): Promise<IosRouterOutputs> {
  const result = await convergeIos(inputs.connection, renderIos(inputs.intent));
  return { ...inputs, livePlan: "", appliedPlan: describePlan(result.plan) };
}

export async function iosCreate(
  inputs: IosRouterInputs,
): Promise<pulumi.dynamic.CreateResult<IosRouterOutputs>> {
  return { id: `${inputs.intent.hostname}@${inputs.connection.host}`, outs: await converge(inputs) };
}

export async function iosUpdate(
  news: IosRouterInputs,
): Promise<pulumi.dynamic.UpdateResult<IosRouterOutputs>> {
  return { outs: await converge(news) };
}

export async function iosDelete(olds: IosRouterOutputs): Promise<void> {
  const removal = iosRemovalConfig(renderIos(olds.intent));
  await withShell(olds.connection, async (s) => {
    const lines = planToCliLines(planIos(removal, await readRunning(s)));
    if (lines.length) await applyCliLines(s, lines);
  });
}

export async function iosRead(
  id: string,
  props: IosRouterOutputs,
): Promise<pulumi.dynamic.ReadResult<IosRouterOutputs>> {
  return { id, props: { ...props, livePlan: await iosLivePlan(props) } };
}

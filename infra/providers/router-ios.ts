// The logic of the IosRouter dynamic provider: thin functions over the Cisco IOS backend (render →
// parse running-config → plan → type the lines over SSH). No module-level state. As for the Linux
// router, `check` puts the plan against the live router in `livePlan` so a preview shows drift.
// `delete` types the `no` forms of what pibx owns — its ACLs, class-maps, policy-maps, pools,
// excluded ranges, NAT entries, `ip dns server`, and the NAT roles and service-policies on its
// interfaces — and puts back what `create` recorded of the rest it changed (ios-baseline.ts: the
// interfaces' addresses and shutdown state, the default route), so the router ends as it began;
// the interface carrying the management session keeps its address.
// `outsideAddress` is the outside interface's address as `show ip interface brief` reports it (the
// DHCP lease of the reference lab's FastEthernet0/0): read at each check, and after convergence.
import type * as pulumi from "@pulumi/pulumi";
import { applyCliLines, convergeIos, readRunning } from "../router/cisco-ios/apply-ios.ts";
import {
  type IosBaseline,
  iosBaselineOf,
  iosRestoreConfig,
  withVirtualReassembly,
} from "../router/cisco-ios/ios-baseline.ts";
import type { IosDesiredConfig } from "../router/cisco-ios/ios-desired-config.ts";
import { IosShell, type IosTarget } from "../router/cisco-ios/ios-shell.ts";
import { readInterfaceAddresses } from "../router/cisco-ios/ip-interface-brief.ts";
import { describePlan, planIos, planToCliLines } from "../router/cisco-ios/plan-ios.ts";
import { renderIos } from "../router/cisco-ios/render-ios.ts";
import {
  type AddressWait,
  DHCP_LEASE_WAIT,
  outsideInterfaceOf,
  waitForAddress,
} from "../router/outside-address.ts";
import type { RouterIntent } from "../router/router-intent.ts";

export interface IosRouterInputs {
  intent: RouterIntent;
  /** `password` and `enableSecret` arrive as Pulumi secrets; `connection` is a secret output. */
  connection: Omit<IosTarget, "hostVerifier">;
  livePlan?: string;
  /** Set by `check`: the outside interface's address now (absent while it has none). */
  outsideAddress?: string;
}

export interface IosRouterOutputs extends IosRouterInputs {
  appliedPlan: string;
  /** What the router had before pibx first changed it, for `delete` to put back (absent in old state). */
  baseline?: IosBaseline;
  /** The outside interface's address after convergence ("" when it has none). */
  outsideAddress: string;
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

async function outsideAddressOn(shell: IosShell, intent: RouterIntent): Promise<string | undefined> {
  const name = outsideInterfaceOf(intent)?.name;
  return (await readInterfaceAddresses(shell)).find((i) => i.name === name)?.address;
}

/** The plan against the live router ("" = converged) and the outside address it has now. */
export async function iosLiveState(
  inputs: IosRouterInputs,
): Promise<{ livePlan: string; outsideAddress?: string }> {
  const desired = renderIos(inputs.intent);
  return withShell(inputs.connection, async (s) => {
    const livePlan = describePlan(planIos(desired, await readRunning(s)));
    const outsideAddress = await outsideAddressOn(s, inputs.intent);
    return { livePlan, ...(outsideAddress ? { outsideAddress } : {}) };
  });
}

export async function iosLivePlan(inputs: IosRouterInputs): Promise<string> {
  return (await iosLiveState(inputs)).livePlan;
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
  const { outsideAddress: _stale, ...rest } = news;
  return { inputs: { ...rest, ...(await iosLiveState(news)) } };
}

export async function iosDiff(
  olds: IosRouterOutputs,
  news: IosRouterInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const live = known(news.connection) ? (news.livePlan ?? (await iosLivePlan(news))) : "unknown";
  const credentials = JSON.stringify(olds.connection) !== JSON.stringify(news.connection);
  const sameTarget = olds.connection?.host === news.connection?.host;
  // A new lease (or a lost one) is a change: the outputs, and the home router's forwards, follow it.
  const moved = known(news.connection) && (news.outsideAddress ?? "") !== (olds.outsideAddress ?? "");
  return { changes: live !== "" || credentials || moved, replaces: sameTarget ? [] : ["connection"] };
}

async function converge(
  inputs: IosRouterInputs,
  leaseWait: AddressWait,
  baseline?: IosBaseline,
): Promise<IosRouterOutputs> {
  const desired = renderIos(inputs.intent);
  const result = await convergeIos(inputs.connection, desired);
  // A freshly configured `ip address dhcp` takes a few seconds to get its lease.
  const dhcp = outsideInterfaceOf(inputs.intent)?.addressing.kind === "dhcp";
  const outsideAddress = await withShell(inputs.connection, (s) =>
    waitForAddress(
      () => outsideAddressOn(s, inputs.intent),
      dhcp ? leaseWait : { timeoutMs: 0, intervalMs: 0 },
    ),
  );
  return {
    ...inputs,
    livePlan: "",
    appliedPlan: describePlan(result.plan),
    baseline: baseline ?? iosBaselineOf(desired, result.before),
    outsideAddress: outsideAddress ?? "",
  };
}

export async function iosCreate(
  inputs: IosRouterInputs,
  leaseWait = DHCP_LEASE_WAIT,
): Promise<pulumi.dynamic.CreateResult<IosRouterOutputs>> {
  return {
    id: `${inputs.intent.hostname}@${inputs.connection.host}`,
    outs: await converge(inputs, leaseWait),
  };
}

export async function iosUpdate(
  news: IosRouterInputs,
  leaseWait = DHCP_LEASE_WAIT,
  olds?: Pick<IosRouterOutputs, "baseline">,
): Promise<pulumi.dynamic.UpdateResult<IosRouterOutputs>> {
  return { outs: await converge(news, leaseWait, olds?.baseline) };
}

/**
 * Removes what pibx owns and, with a baseline, puts the interfaces' managed lines and the default
 * route back as they were; without one (state from an older pibx), keeps addresses and route.
 */
export async function iosDelete(olds: IosRouterOutputs): Promise<void> {
  const desired = renderIos(olds.intent);
  await withShell(olds.connection, async (s) => {
    const running = await readRunning(s);
    const plan = olds.baseline
      ? withVirtualReassembly(
          planIos(iosRestoreConfig(desired, olds.baseline, running, olds.intent.management.address), running),
          olds.baseline,
          running,
        )
      : planIos(iosRemovalConfig(desired), running);
    const lines = planToCliLines(plan);
    if (lines.length) await applyCliLines(s, lines);
  });
}

export async function iosRead(
  id: string,
  props: IosRouterOutputs,
): Promise<pulumi.dynamic.ReadResult<IosRouterOutputs>> {
  const live = await iosLiveState(props);
  return { id, props: { ...props, livePlan: live.livePlan, outsideAddress: live.outsideAddress ?? "" } };
}

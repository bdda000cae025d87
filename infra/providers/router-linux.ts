// The logic of the LinuxRouter dynamic provider: thin functions over the Linux backend's pure
// render/plan and its SSH runner; no module-level state. Loaded by router-linux-resource.ts.
//
// Drift shows in previews: `check` reads the live router and puts the plan text in the `livePlan`
// input (empty once converged), so a preview prints `livePlan: "" => "~ nft inet pibx (update)…"`;
// `diff` answers `changes: true` whenever that plan is not empty. The private key arrives as a
// Pulumi secret, is used only to log in, and `connection` is an additional secret output.
// `outsideAddress` is the outside interface's address as the router lists it (static, or the lease
// of its own DHCP client): read at each check and after convergence, for the home router's forwards.
import type * as pulumi from "@pulumi/pulumi";
import { applyLinuxPlan, convergeLinux, stateDevices } from "../router/linux/apply-linux.ts";
import type { LinuxRenderOptions } from "../router/linux/linux-desired-state.ts";
import { describeLinuxPlan } from "../router/linux/linux-plan.ts";
import { baselineOf, type LinuxBaseline, planLinux, planLinuxRemoval } from "../router/linux/plan-linux.ts";
import { readLinuxState } from "../router/linux/read-linux-state.ts";
import { renderLinux } from "../router/linux/render-linux.ts";
import { type LinuxSshTarget, SshRunner } from "../router/linux/ssh-runner.ts";
import {
  type AddressWait,
  addressOn,
  DHCP_LEASE_WAIT,
  outsideInterfaceOf,
  waitForAddress,
} from "../router/outside-address.ts";
import type { RouterIntent } from "../router/router-intent.ts";

export interface LinuxRouterInputs {
  intent: RouterIntent;
  options?: LinuxRenderOptions;
  connection: LinuxSshTarget;
  /** Set by `check` from the live router: the plan, for people; "" when nothing is to do. */
  livePlan?: string;
  /** Set by `check`: the outside interface's address now (absent while it has none). */
  outsideAddress?: string;
}

export interface LinuxRouterOutputs extends LinuxRouterInputs {
  /** What the router had before pibx first changed it (for `delete`). */
  baseline: LinuxBaseline;
  /** The plan the last create/update applied. */
  appliedPlan: string;
  /** The outside interface's address after convergence ("" when it has none). */
  outsideAddress: string;
}

/** A value Pulumi has not computed yet (preview): never connect with it. */
const isKnown = (c: LinuxSshTarget): boolean =>
  typeof c?.host === "string" && typeof c.privateKey === "string" && typeof c.username === "string";

async function withRouter<T>(connection: LinuxSshTarget, fn: (r: SshRunner) => Promise<T>): Promise<T> {
  const runner = await SshRunner.open(connection);
  try {
    return await fn(runner);
  } finally {
    runner.close();
  }
}

/** The plan against the live router, as text ("" = converged), and its outside address now. */
export async function routerLiveState(
  inputs: LinuxRouterInputs,
): Promise<{ livePlan: string; outsideAddress?: string }> {
  const want = renderLinux(inputs.intent, inputs.options);
  const have = await withRouter(inputs.connection, (r) => readLinuxState(r, want.paths, stateDevices(want)));
  const outside = outsideInterfaceOf(inputs.intent);
  const outsideAddress = outside ? addressOn(have.links, outside.name) : undefined;
  return {
    livePlan: describeLinuxPlan(planLinux(want, have)),
    ...(outsideAddress ? { outsideAddress } : {}),
  };
}

export async function routerLivePlan(inputs: LinuxRouterInputs): Promise<string> {
  return (await routerLiveState(inputs)).livePlan;
}

export async function routerCheck(
  news: LinuxRouterInputs,
): Promise<pulumi.dynamic.CheckResult<LinuxRouterInputs>> {
  try {
    renderLinux(news.intent, news.options);
  } catch (e) {
    return { failures: [{ property: "intent", reason: (e as Error).message }] };
  }
  if (!isKnown(news.connection)) return { inputs: news };
  const { outsideAddress: _stale, ...rest } = news;
  return { inputs: { ...rest, ...(await routerLiveState(news)) } };
}

export async function routerDiff(
  olds: LinuxRouterOutputs,
  news: LinuxRouterInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const sameTarget =
    olds.connection?.host === news.connection?.host && olds.connection?.port === news.connection?.port;
  const live = isKnown(news.connection) ? (news.livePlan ?? (await routerLivePlan(news))) : "unknown";
  const credentials = JSON.stringify(olds.connection) !== JSON.stringify(news.connection);
  // A new lease (or a lost one) is a change: the outputs, and the home router's forwards, follow it.
  const moved = isKnown(news.connection) && (news.outsideAddress ?? "") !== (olds.outsideAddress ?? "");
  return {
    changes: live !== "" || credentials || moved,
    // Another router is another resource: converge the new one, then remove pibx from the old.
    replaces: sameTarget ? [] : ["connection"],
    deleteBeforeReplace: false,
  };
}

async function converge(
  inputs: LinuxRouterInputs,
  leaseWait: AddressWait,
  baseline?: LinuxBaseline,
): Promise<LinuxRouterOutputs> {
  const want = renderLinux(inputs.intent, inputs.options);
  const outside = outsideInterfaceOf(inputs.intent);
  // The router's own DHCP client holds a DHCP outside's lease: give it time after the link is up.
  const wait = outside?.addressing.kind === "dhcp" ? leaseWait : { timeoutMs: 0, intervalMs: 0 };
  const { result, outsideAddress } = await withRouter(inputs.connection, async (r) => {
    const result = await convergeLinux(r, want);
    const outsideAddress = await waitForAddress(async () => {
      const have = await readLinuxState(r, want.paths, stateDevices(want));
      return outside ? addressOn(have.links, outside.name) : undefined;
    }, wait);
    return { result, outsideAddress };
  });
  return {
    ...inputs,
    livePlan: "",
    baseline: baseline ?? baselineOf(result.before),
    appliedPlan: describeLinuxPlan(result.plan),
    outsideAddress: outsideAddress ?? "",
  };
}

export async function routerCreate(
  inputs: LinuxRouterInputs,
  leaseWait = DHCP_LEASE_WAIT,
): Promise<pulumi.dynamic.CreateResult<LinuxRouterOutputs>> {
  const outs = await converge(inputs, leaseWait);
  return { id: `${inputs.intent.hostname}@${inputs.connection.host}`, outs };
}

export async function routerUpdate(
  olds: LinuxRouterOutputs,
  news: LinuxRouterInputs,
  leaseWait = DHCP_LEASE_WAIT,
): Promise<pulumi.dynamic.UpdateResult<LinuxRouterOutputs>> {
  return { outs: await converge(news, leaseWait, olds.baseline) };
}

/** Removes pibx's tables, qdiscs and dnsmasq; puts ip_forward and the default route back. */
export async function routerDelete(olds: LinuxRouterOutputs): Promise<void> {
  const want = renderLinux(olds.intent, olds.options);
  await withRouter(olds.connection, async (r) => {
    const have = await readLinuxState(r, want.paths, stateDevices(want));
    await applyLinuxPlan(
      r,
      planLinuxRemoval(
        want.paths,
        want.shaping.map((s) => s.device),
        have,
        olds.baseline,
      ),
    );
  });
}

/** Refresh: the outputs with the live plan, so drift shows after `pulumi refresh`. */
export async function routerRead(
  id: string,
  props: LinuxRouterOutputs,
): Promise<pulumi.dynamic.ReadResult<LinuxRouterOutputs>> {
  const live = await routerLiveState(props);
  return { id, props: { ...props, livePlan: live.livePlan, outsideAddress: live.outsideAddress ?? "" } };
}

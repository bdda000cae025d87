// Does the interface's queueing match the desired HTB tree? Differences as readable lines.
import type { TcActual } from "./linux-actual-state.ts";
import type { TcShaping } from "./linux-desired-state.ts";

/** tc prints rates rounded to a few digits (`12.5Mbit`): equal within 0.5 %. */
const near = (bits: number | undefined, kbit: number): boolean =>
  bits !== undefined && Math.abs(bits - kbit * 1000) <= kbit * 5;

export function tcDifferences(want: TcShaping, have: TcActual | undefined): string[] {
  const out: string[] = [];
  const root = have?.root;
  if (root?.kind !== "htb" || root.handle !== "1:") {
    return [`root qdisc ${root ? `${root.kind} ${root.handle}` : "none"}, want htb 1:`];
  }
  if (root.defaultMinor !== want.defaultMinor)
    out.push(`default class ${root.defaultMinor ?? "none"}, want ${want.defaultMinor}`);
  const classes = new Map((have?.classes ?? []).map((c) => [c.classid, c]));
  const wanted = [
    {
      classid: "1:1",
      parent: undefined,
      prio: undefined,
      rate: want.linkKbit,
      ceil: want.linkKbit,
      name: "link",
    },
    ...want.classes.map((c) => ({
      classid: `1:${c.minor}`,
      parent: "1:1",
      prio: c.prio,
      rate: c.rateKbit,
      ceil: c.ceilKbit,
      name: c.name,
    })),
  ];
  for (const w of wanted) {
    const c = classes.get(w.classid);
    classes.delete(w.classid);
    if (!c) {
      out.push(`+ class ${w.classid} (${w.name})`);
      continue;
    }
    if (c.parent !== w.parent)
      out.push(`class ${w.classid}: parent ${c.parent ?? "root"}, want ${w.parent ?? "root"}`);
    if (w.prio !== undefined && c.prio !== w.prio)
      out.push(`class ${w.classid}: prio ${c.prio}, want ${w.prio}`);
    if (!near(c.rateBits, w.rate))
      out.push(`class ${w.classid}: rate ${c.rateBits ?? "?"}bit, want ${w.rate}kbit`);
    if (!near(c.ceilBits, w.ceil))
      out.push(`class ${w.classid}: ceil ${c.ceilBits ?? "?"}bit, want ${w.ceil}kbit`);
  }
  for (const id of classes.keys()) out.push(`- class ${id}`);
  const leaves = (have?.leaves ?? []).map((l) => `${l.kind}@${l.parent}`).sort();
  const wantLeaves = want.defaultLeaf ? [`${want.defaultLeaf}@1:${want.defaultMinor}`] : [];
  if (leaves.join(",") !== wantLeaves.join(","))
    out.push(`leaf qdiscs [${leaves.join(", ")}], want [${wantLeaves.join(", ")}]`);
  if ((have?.filterCount ?? 0) > 0)
    out.push(`- ${have?.filterCount} filter(s) (pibx classifies in nftables)`);
  return out;
}

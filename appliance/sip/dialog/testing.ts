// Test doubles for the dialog layer and the layers above it: an in-memory network of SIP nodes
// (each a SipSender in front of a real TransactionLayer) with explicit, synchronous delivery,
// a message log, a drop filter, and a helper that builds a complete dialog stack on a node.
import {
  type Clock,
  type IdSource,
  type ManualClock,
  RandomIdSource,
  SeededRandom,
} from "../../base/index.ts";
import {
  parseMessage,
  type SipMessage,
  type SipRequest,
  type SipResponse,
  serializeMessage,
  sipUri,
} from "../message/index.ts";
import { TransactionLayer } from "../transaction/index.ts";
import {
  type MessageSource,
  responseTarget,
  type SipSender,
  stampSentBy,
  type Target,
} from "../transport/index.ts";
import { DialogLayer, type DialogLayerOptions } from "./dialog-layer.ts";

export interface WireRecord {
  from: string;
  to: string;
  at: number;
  message: SipMessage;
  /** True when no node listens at `to` (the test plays that peer by hand). */
  undelivered: boolean;
}

type Drop = (m: SipMessage, from: string, to: string) => boolean;

/** Nodes addressed "host:port". Nothing moves until deliverAll(): sends never re-enter. */
export class MemoryNetwork {
  readonly log: WireRecord[] = [];
  drop: Drop | undefined;
  private readonly nodes = new Map<string, MemoryNode>();
  private readonly queue: Array<() => void> = [];

  constructor(readonly clock: Clock) {}

  node(address: string, port = 5060): MemoryNode {
    const n = new MemoryNode(this, address, port);
    this.nodes.set(`${address}:${port}`, n);
    return n;
  }

  /** Queues msg from → to; the bytes are serialized and parsed as a peer would see them. */
  post(from: MemoryNode, to: string, msg: SipMessage): void {
    const message = parseMessage(serializeMessage(msg));
    const dest = this.nodes.get(to);
    this.log.push({ from: from.key, to, at: this.clock.now(), message, undelivered: !dest });
    if (!dest || this.drop?.(message, from.key, to)) return;
    const source: MessageSource = {
      protocol: "UDP",
      remote: { address: from.address, port: from.port },
      local: { address: dest.address, port: dest.port },
    };
    this.queue.push(() => dest.layer?.receive(message, source));
  }

  /** Delivers queued messages (and those they cause) in order; returns how many. */
  deliverAll(limit = 10_000): number {
    let n = 0;
    while (n < limit) {
      const f = this.queue.shift();
      if (!f) break;
      f();
      n++;
    }
    return n;
  }

  /** Requests in the log, optionally of one method and/or between two nodes. */
  requests(method?: string, from?: string): SipRequest[] {
    return this.log
      .filter((r) => r.message.kind === "request" && (!method || r.message.method === method))
      .filter((r) => !from || r.from === from)
      .map((r) => r.message as SipRequest);
  }

  responses(status?: number, from?: string): SipResponse[] {
    return this.log
      .filter((r) => r.message.kind === "response" && (!status || r.message.status === status))
      .filter((r) => !from || r.from === from)
      .map((r) => r.message as SipResponse);
  }
}

export class MemoryNode implements SipSender {
  layer: TransactionLayer | undefined;
  readonly key: string;

  constructor(
    private readonly net: MemoryNetwork,
    readonly address: string,
    readonly port: number,
  ) {
    this.key = `${address}:${port}`;
  }

  sendRequest(req: SipRequest, target: Target): Promise<void> {
    // RFC 3261 §18.1.1: the transport fills in sent-by.
    const stamped = stampSentBy(req, "UDP", { address: this.address, port: this.port });
    this.net.post(this, `${target.address}:${target.port}`, stamped);
    return Promise.resolve();
  }

  sendResponse(res: SipResponse, _source?: MessageSource): Promise<void> {
    const t = responseTarget(res);
    this.net.post(this, `${t.address}:${t.port}`, res);
    return Promise.resolve();
  }

  /** Injects a message as if it arrived from `from` (to play a peer by hand). */
  inject(msg: SipMessage, from: { address: string; port: number }): void {
    this.layer?.receive(parseMessage(serializeMessage(msg)), {
      protocol: "UDP",
      remote: from,
      local: { address: this.address, port: this.port },
    });
  }
}

export interface TestStack {
  node: MemoryNode;
  transactions: TransactionLayer;
  dialogs: DialogLayer;
  ids: IdSource;
}

/** A transaction layer and a dialog layer on a new node, Contact sip:user@address:port. */
export function createStack(
  net: MemoryNetwork,
  clock: ManualClock,
  opts: { address: string; port?: number; user: string; seed: number } & Partial<
    Omit<DialogLayerOptions, "transactions" | "clock" | "ids" | "contact">
  >,
): TestStack {
  const { address, port = 5060, user, seed, ...rest } = opts;
  const node = net.node(address, port);
  const ids = new RandomIdSource(new SeededRandom(seed));
  const transactions = new TransactionLayer({ transport: node, clock, ids });
  node.layer = transactions;
  const dialogs = new DialogLayer({
    transactions,
    clock,
    ids,
    random: new SeededRandom(seed + 1000),
    contact: sipUri(address, { user, port }),
    ...rest,
  });
  return { node, transactions, dialogs, ids };
}

/** Deterministic ids for golden bytes: branch z9hG4bK-1, tag tag-2, ... */
export class CountingIds implements IdSource {
  private n = 0;
  branch(): string {
    return `z9hG4bK-${++this.n}`;
  }
  tag(): string {
    return `tag-${++this.n}`;
  }
  callId(host?: string): string {
    const id = `call-${++this.n}`;
    return host ? `${id}@${host}` : id;
  }
  token(n: number): string {
    return "t".repeat(n);
  }
}

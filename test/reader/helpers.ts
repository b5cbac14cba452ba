import { BaseReader, type BaseReaderOptions, type ReaderTimers } from "../../src/reader/index.js";
import type { DisconnectReason, ReaderEvent } from "../../src/reader/types.js";

/** Timers a test advances by hand: `runNext()` fires the earliest task and returns its delay. */
export class ManualTimers implements ReaderTimers {
  private seq = 0;
  tasks: { id: number; fn: () => void; ms: number }[] = [];
  set(fn: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.tasks.push({ id, fn, ms });
    return id;
  }
  clear(handle: unknown): void {
    this.tasks = this.tasks.filter((t) => t.id !== handle);
  }
  runNext(): number {
    const t = this.tasks.shift();
    if (t === undefined) throw new Error("no timer pending");
    t.fn();
    return t.ms;
  }
}

/** Lets pending promise callbacks run (a macrotask boundary). */
export const flush = () => new Promise<void>((r) => setImmediate(r));

/** A driver whose link the test controls: connect outcomes are queued, discovery optional. */
export class ScriptedReader extends BaseReader {
  readonly kind = "scripted";
  connectOutcomes: ("ok" | Error | "hang")[] = [];
  disconnects = 0;
  constructor(options: Partial<BaseReaderOptions> & { discover?: boolean } = {}) {
    super({ id: "r1", now: () => 1000, ...options });
    if (options.discover) this.doDiscover = () => Promise.resolve();
  }
  protected override doDiscover?: (signal: AbortSignal) => Promise<void>;
  protected doConnect(signal: AbortSignal): Promise<void> {
    const next = this.connectOutcomes.shift() ?? "ok";
    if (next === "ok") return Promise.resolve();
    if (next === "hang") {
      return new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));
    }
    return Promise.reject(next);
  }
  protected doDisconnect(): Promise<void> {
    this.disconnects++;
    return Promise.resolve();
  }
  // Expose the protected driver API to tests.
  read(): void {
    this.beginRead();
    this.emitEvent({ type: "battery", percent: 50 });
    this.endRead();
  }
  go(to: Parameters<BaseReader["moveTo"]>[0]): void {
    this.moveTo(to);
  }
  lose(reason: Exclude<DisconnectReason, "requested">, cause?: unknown): void {
    this.linkLost(reason, cause);
  }
}

/** Collects everything a subscription yields until it ends. */
export async function collect(it: AsyncIterable<ReaderEvent>): Promise<ReaderEvent[]> {
  const out: ReaderEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** `status:ready`, `error:reader.connect`, `swipe`… — a compact trace of events for assertions. */
export function trace(events: readonly ReaderEvent[]): string[] {
  return events.map((e) => {
    if (e.type === "status") return `status:${e.state}${e.reason ? `(${e.reason})` : ""}`;
    if (e.type === "error") return `error:${e.error.code}`;
    return e.type;
  });
}

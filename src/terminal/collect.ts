/**
 * Collecting a card from a reader: the long action between "insert, tap or
 * swipe" and a card event (STYLE.md habit 9: cancellable, reports its
 * intermediate states). Failed reads are reported and waited past, as a
 * terminal re-prompts; the wait ends with a card, the reader going away, the
 * time limit or the caller's abort — all results, never throws.
 */
import type { ReadFailedEvent, Reader, ReaderEvent } from "../reader/index.js";
import type { CardEvent } from "./request.js";

export type CollectResult =
  | { readonly status: "card"; readonly event: CardEvent }
  /** The reader disconnected (a WAV file ended, a device left) before a card. */
  | { readonly status: "ended"; readonly lastFailure?: ReadFailedEvent }
  | { readonly status: "timeout"; readonly lastFailure?: ReadFailedEvent }
  | { readonly status: "cancelled" };

export interface CollectOptions {
  readonly signal?: AbortSignal;
  /** Give up after this long (default: wait until the reader ends or `signal` aborts). */
  readonly timeoutMs?: number;
  /** Called with every event while waiting (prompts, failed reads, battery). */
  readonly onEvent?: (event: ReaderEvent) => void;
  /** Runs once the subscription is in place: connect the reader, trigger a simulated swipe. */
  readonly start?: () => unknown;
}

export function collectCard(reader: Reader, options: CollectOptions = {}): Promise<CollectResult> {
  return new Promise<CollectResult>((resolve, reject) => {
    let lastFailure: ReadFailedEvent | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const withFailure = () => (lastFailure === undefined ? {} : { lastFailure });
    const finish = (r: CollectResult) => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      resolve(r);
    };
    const onAbort = () => finish({ status: "cancelled" });
    const unsubscribe = reader.on("*", (e) => {
      options.onEvent?.(e);
      if (e.type === "swipe" || e.type === "chip" || e.type === "tap") finish({ status: "card", event: e });
      else if (e.type === "read_failed") lastFailure = e;
      else if (e.type === "status" && e.state === "disconnected") finish({ status: "ended", ...withFailure() });
    });
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => finish({ status: "timeout", ...withFailure() }), options.timeoutMs);
    }
    Promise.resolve()
      .then(() => options.start?.())
      .catch((e: unknown) => {
        unsubscribe();
        if (timer !== undefined) clearTimeout(timer);
        reject(e);
      });
  });
}

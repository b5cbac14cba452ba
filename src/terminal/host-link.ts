/**
 * The terminal's view of an acquirer: send a request, get the matching
 * response or a timeout. Responses are matched by MTI class + DE 11 + DE 41
 * (see message.ts `matchKey`), so several requests can share one connection
 * and answers may come back in any order.
 *
 * The transport (TCP in host-link-tcp.node.ts, later WebSocket) and the
 * message codec are separate: `PendingExchanges` is the portable matching
 * half every transport reuses.
 */
import type { CardwireError } from "../errors/index.js";
import type { IsoMessage } from "../iso8583/index.js";
import { TerminalError, TerminalErrorCodes } from "./errors.js";
import { matchKey } from "./message.js";

export type ExchangeResult =
  | {
      readonly kind: "response";
      readonly message: IsoMessage;
      /** Set when the link checks MACs and this response's MAC is missing or wrong: its content is unproven. */
      readonly macError?: CardwireError;
    }
  /** Sent (or possibly sent), no answer in time: the outcome is unknown. */
  | { readonly kind: "timeout" }
  /** Not sent at all (connect failed, link closed): nothing to reverse. */
  | { readonly kind: "error"; readonly error: CardwireError };

export interface ExchangeOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface HostLink {
  exchange(request: IsoMessage, options: ExchangeOptions): Promise<ExchangeResult>;
  /** Called with responses nobody waits for (late or unsolicited). */
  onUnmatched(listener: (message: IsoMessage) => void): () => void;
  close(): Promise<void>;
}

/**
 * Seam for message authentication (DE 64/128 MACs): a link given a provider
 * signs outgoing messages and verifies incoming ones (see mac.ts for which
 * bytes are covered and which field carries the MAC). The algorithm and key
 * live behind this interface (`retailMacProvider` in mac.node.ts); the link
 * never sees a key.
 */
export interface MacProvider {
  /** What it computes, for docs and logs (never the key). */
  readonly algorithm: string;
  /** The 8-byte MAC of `data` (the packed message up to the MAC field). */
  sign(data: Uint8Array): Promise<Uint8Array>;
  verify(data: Uint8Array, mac: Uint8Array): Promise<boolean>;
}

interface Waiter {
  readonly resolve: (r: ExchangeResult) => void;
  readonly timer: ReturnType<typeof setTimeout>;
  readonly cleanup: () => void;
}

/** Requests in flight, keyed for response matching; transport-independent. */
export class PendingExchanges {
  readonly #waiting = new Map<string, Waiter>();
  readonly #unmatched = new Set<(m: IsoMessage) => void>();

  get size(): number {
    return this.#waiting.size;
  }

  /**
   * Registers `request` before it is written, so a fast response cannot
   * race the registration. A second request with the same key while one is
   * in flight is a caller bug (a STAN reused within a terminal).
   */
  register(request: IsoMessage, options: ExchangeOptions): Promise<ExchangeResult> {
    const key = matchKey(request, false);
    if (this.#waiting.has(key)) {
      throw new TerminalError(TerminalErrorCodes.config, `a request with key ${key} is already in flight`, {
        field: "DE 11",
      });
    }
    return new Promise<ExchangeResult>((resolve) => {
      const onAbort = () => this.#settle(key, { kind: "timeout" });
      const timer = setTimeout(() => this.#settle(key, { kind: "timeout" }), options.timeoutMs);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiting.set(key, {
        resolve,
        timer,
        cleanup: () => options.signal?.removeEventListener("abort", onAbort),
      });
      if (options.signal?.aborted) onAbort();
    });
  }

  /** Ends a registered exchange early (e.g. the write failed). */
  fail(request: IsoMessage, result: ExchangeResult): void {
    this.#settle(matchKey(request, false), result);
  }

  /** Hands an incoming message to its waiter; returns false when nobody waits. */
  deliver(message: IsoMessage, macError?: CardwireError): boolean {
    const key = matchKey(message, true);
    if (!this.#waiting.has(key)) {
      for (const l of this.#unmatched) l(message);
      return false;
    }
    this.#settle(key, { kind: "response", message, ...(macError !== undefined && { macError }) });
    return true;
  }

  /** Every waiter gets `result` (link lost: outcomes unknown → timeout). */
  settleAll(result: ExchangeResult): void {
    for (const key of [...this.#waiting.keys()]) this.#settle(key, result);
  }

  onUnmatched(listener: (message: IsoMessage) => void): () => void {
    this.#unmatched.add(listener);
    return () => this.#unmatched.delete(listener);
  }

  #settle(key: string, result: ExchangeResult): void {
    const w = this.#waiting.get(key);
    if (!w) return;
    this.#waiting.delete(key);
    clearTimeout(w.timer);
    w.cleanup();
    w.resolve(result);
  }
}

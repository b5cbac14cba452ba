/**
 * `BaseReader`: the connection state machine (state.ts) and the event hub
 * (hub.ts) every driver shares. A driver supplies `doConnect` /
 * `doDisconnect` (and `doDiscover` if it must find its device first), calls
 * `linkLost()` when its transport drops, and emits card events through
 * `emitEvent()` between `beginRead()` and `endRead()`.
 *
 * Every state change emits a `status` event. The event stream of a
 * subscriber ends after a `disconnected` that will not be followed by an
 * automatic reconnect (requested, failed connect, reconnect policy exhausted).
 */
import { isCardwireError } from "../errors/index.js";
import { ReaderError, ReaderErrorCodes } from "./errors.js";
import { type EventsOptions, ReaderEventHub } from "./hub.js";
import { canTransition, RECONNECT_POLICIES, type ReconnectPolicy, reconnectDelay } from "./state.js";
import type {
  DisconnectReason,
  Reader,
  ReaderEvent,
  ReaderEventOf,
  ReaderEventType,
  ReaderState,
  Unsubscribe,
} from "./types.js";

/** A `ReaderEvent` without the fields the reader stamps (`readerId`, `at`). */
export type ReaderEventInit = ReaderEvent extends infer E
  ? E extends ReaderEvent
    ? Omit<E, "readerId" | "at">
    : never
  : never;

/** Timer functions, injectable so tests and simulations control time. */
export interface ReaderTimers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const globalTimers: ReaderTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface BaseReaderOptions {
  readonly id: string;
  /** Default `RECONNECT_POLICIES.never`. */
  readonly reconnect?: ReconnectPolicy;
  readonly now?: () => number;
  readonly timers?: ReaderTimers;
  /** For reconnect jitter; [0, 1). */
  readonly random?: () => number;
  /** Default high-water mark for `events()`. */
  readonly highWaterMark?: number;
  /** Prompt sent with the `ready` status, e.g. "Swipe card". */
  readonly readyPrompt?: string;
}

export abstract class BaseReader implements Reader {
  readonly id: string;
  abstract readonly kind: string;
  protected readonly hub: ReaderEventHub;
  protected readonly now: () => number;
  protected readonly timers: ReaderTimers;
  private readonly policy: ReconnectPolicy;
  private readonly random: () => number;
  private readonly readyPrompt: string | undefined;
  private current: ReaderState = "idle";
  private inFlight: Promise<void> | undefined;
  private connectAbort: AbortController | undefined;
  private reconnectTimer: unknown;
  private reconnectAttempt = 0;

  constructor(options: BaseReaderOptions) {
    this.id = options.id;
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? globalTimers;
    this.policy = options.reconnect ?? RECONNECT_POLICIES.never;
    this.random = options.random ?? Math.random;
    this.readyPrompt = options.readyPrompt;
    this.hub = new ReaderEventHub({
      readerId: options.id,
      now: this.now,
      ...(options.highWaterMark !== undefined && { defaultHighWaterMark: options.highWaterMark }),
    });
  }

  get state(): ReaderState {
    return this.current;
  }

  /** Open the link. Resolves in `ready`; rejects with the driver's error (`reader.connect` wrapping non-cardwire errors) or `reader.aborted`. */
  protected abstract doConnect(signal: AbortSignal): Promise<void>;
  /** Close the link. Called from `ready` or `reading` on `disconnect()`. */
  protected abstract doDisconnect(): Promise<void>;
  /** Optional: find the device before connecting (BLE scan, HID enumeration). */
  protected doDiscover?(signal: AbortSignal): Promise<void>;

  events(options?: EventsOptions): AsyncIterableIterator<ReaderEvent> {
    return this.hub.events(options);
  }

  on<T extends ReaderEventType>(type: T, listener: (event: ReaderEventOf<T>) => void): Unsubscribe;
  on(type: "*", listener: (event: ReaderEvent) => void): Unsubscribe;
  on(type: ReaderEventType | "*", listener: (event: never) => void): Unsubscribe {
    return this.hub.on(type as "*", listener as (event: ReaderEvent) => void);
  }

  connect(options: { readonly signal?: AbortSignal } = {}): Promise<void> {
    if (this.current === "ready" || this.current === "reading") return Promise.resolve();
    if (this.inFlight !== undefined) return this.inFlight;
    this.cancelReconnect();
    const run = this.runConnect(options.signal).catch((e: unknown) => {
      // A connect the app asked for and that failed is final: no auto-reconnect from here.
      this.hub.endSubscriptions();
      throw e;
    });
    this.inFlight = run.finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async disconnect(): Promise<void> {
    if (this.cancelReconnect()) {
      this.hub.endSubscriptions();
      return;
    }
    if (this.current === "idle" || this.current === "disconnected") return;
    if (this.connectAbort !== undefined) {
      this.connectAbort.abort(new ReaderError(ReaderErrorCodes.aborted, "connect cancelled by disconnect()"));
      await this.inFlight?.catch(() => undefined);
      return;
    }
    try {
      await this.doDisconnect();
    } catch (e) {
      this.reportError(e, "disconnect");
    }
    // Re-read: a link loss may have landed while doDisconnect was awaited.
    if (this.stateNow() !== "disconnected") this.moveTo("disconnected", { reason: "requested" });
    this.hub.endSubscriptions();
  }

  private stateNow(): ReaderState {
    return this.current;
  }

  /** Stamps `readerId` and `at` and publishes. */
  protected emitEvent(init: ReaderEventInit): void {
    this.hub.emit({ ...init, readerId: this.id, at: this.now() } as ReaderEvent);
  }

  /** Changes state through the transition table; throws `reader.state` for a transition it does not list. */
  protected moveTo(
    to: ReaderState,
    extra: { readonly reason?: DisconnectReason; readonly prompt?: string } = {},
  ): void {
    const from = this.current;
    if (!canTransition(from, to)) {
      throw new ReaderError(ReaderErrorCodes.state, `reader ${this.id}: cannot go from ${from} to ${to}`, {
        command: to,
        details: { from, to },
      });
    }
    this.current = to;
    this.emitEvent({
      type: "status",
      state: to,
      ...(extra.reason !== undefined && { reason: extra.reason }),
      ...(extra.prompt !== undefined && { prompt: extra.prompt }),
    });
  }

  /** ready → reading; throws `reader.state` when the reader is not ready. */
  protected beginRead(prompt?: string): void {
    this.moveTo("reading", prompt === undefined ? {} : { prompt });
  }

  /** reading → ready. */
  protected endRead(): void {
    this.moveTo("ready", this.readyPrompt === undefined ? {} : { prompt: this.readyPrompt });
  }

  /**
   * The driver's link dropped. Moves to `disconnected` with `reason`, reports
   * `cause` as an `error` event, then reconnects if the policy says so; else
   * the event streams end. Ignored unless the reader is ready or reading.
   */
  protected linkLost(reason: Exclude<DisconnectReason, "requested">, cause?: unknown): void {
    if (this.current !== "ready" && this.current !== "reading") return;
    if (cause !== undefined) this.reportError(cause, "link");
    this.moveTo("disconnected", { reason });
    this.reconnectAttempt = 0;
    if (!this.policy.reasons.includes(reason) || !this.scheduleReconnect()) this.hub.endSubscriptions();
  }

  private reportError(e: unknown, command: string): void {
    const error = isCardwireError(e)
      ? e
      : new ReaderError(ReaderErrorCodes.connect, `reader ${this.id}: ${command} failed`, { cause: e, command });
    this.emitEvent({ type: "error", error });
  }

  private async runConnect(external: AbortSignal | undefined): Promise<void> {
    if (external?.aborted) {
      throw new ReaderError(ReaderErrorCodes.aborted, `reader ${this.id}: connect aborted before it started`, {
        cause: external.reason,
      });
    }
    const ac = new AbortController();
    const onAbort = () => ac.abort(external?.reason);
    external?.addEventListener("abort", onAbort, { once: true });
    this.connectAbort = ac;
    try {
      if (this.doDiscover !== undefined) {
        this.moveTo("discovering");
        await this.doDiscover(ac.signal);
        throwIfAborted(ac.signal, this.id);
      }
      this.moveTo("connecting");
      await this.doConnect(ac.signal);
      throwIfAborted(ac.signal, this.id);
      this.moveTo("ready", this.readyPrompt === undefined ? {} : { prompt: this.readyPrompt });
      this.reconnectAttempt = 0;
    } catch (e) {
      const aborted = ac.signal.aborted;
      const error = aborted
        ? new ReaderError(ReaderErrorCodes.aborted, `reader ${this.id}: connect aborted`, { cause: ac.signal.reason })
        : isCardwireError(e)
          ? e
          : new ReaderError(ReaderErrorCodes.connect, `reader ${this.id}: connect failed`, {
              cause: e,
              command: "connect",
            });
      if (!aborted) this.emitEvent({ type: "error", error });
      if (this.current !== "disconnected" && this.current !== "idle") {
        this.moveTo("disconnected", { reason: aborted ? "requested" : "error" });
      }
      throw error;
    } finally {
      external?.removeEventListener("abort", onAbort);
      this.connectAbort = undefined;
    }
  }

  /** Schedules the next attempt; false when the policy is exhausted. */
  private scheduleReconnect(): boolean {
    if (this.reconnectAttempt >= this.policy.maxAttempts) return false;
    this.reconnectAttempt += 1;
    const attempt = this.reconnectAttempt;
    this.reconnectTimer = this.timers.set(
      () => {
        this.reconnectTimer = undefined;
        const run = this.runConnect(undefined).catch((e: unknown) => {
          if (isCardwireError(e, ReaderErrorCodes.aborted)) {
            this.hub.endSubscriptions();
            return;
          }
          if (!this.scheduleReconnect()) {
            this.emitEvent({
              type: "error",
              error: new ReaderError(
                ReaderErrorCodes.reconnectFailed,
                `reader ${this.id}: gave up after ${attempt} reconnect attempts`,
                {
                  details: { attempts: attempt },
                },
              ),
            });
            this.hub.endSubscriptions();
          }
        });
        this.inFlight = run.finally(() => {
          this.inFlight = undefined;
        });
      },
      reconnectDelay(this.policy, attempt, this.random),
    );
    return true;
  }

  /** True when a reconnect was pending (and is now cancelled). */
  private cancelReconnect(): boolean {
    if (this.reconnectTimer === undefined) return false;
    this.timers.clear(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.reconnectAttempt = 0;
    return true;
  }
}

function throwIfAborted(signal: AbortSignal, id: string): void {
  if (signal.aborted) {
    throw new ReaderError(ReaderErrorCodes.aborted, `reader ${id}: connect aborted`, { cause: signal.reason });
  }
}

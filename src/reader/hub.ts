/**
 * The event half of a `Reader`: one emitter, many consumers, each consumer
 * either a synchronous listener (`on`) or an async iterator (`events()`) with
 * its own bounded queue.
 *
 * Back-pressure policy (per subscriber, when its queue passes its
 * high-water mark): drop the oldest non-card event; if only card events are
 * queued, drop the oldest card. Every drop is reported — the first one puts an
 * `error` event with code `reader.overflow` where the lost events were, later
 * ones update its counts — so a consumer can never lose a card silently. The
 * overflow notice itself does not count against the mark.
 *
 * Delivery is ordered: an `emit` from inside a listener is queued and
 * delivered after the current event reaches everyone, so all consumers see
 * one order. A listener that throws is reported as an `error` event with
 * code `reader.listener` and does not disturb the emitter or other consumers.
 */
import { redactCardData } from "../card/mask.js";
import { ReaderError, ReaderErrorCodes } from "./errors.js";
import type { ErrorEvent, ReaderEvent, ReaderEventOf, ReaderEventType, Unsubscribe } from "./types.js";

/** The Reader interface's documented default. */
export const DEFAULT_HIGH_WATER_MARK = 256;

export interface ReaderEventHubOptions {
  /** Stamped on events the hub makes itself (overflow and listener errors). */
  readonly readerId?: string;
  readonly now?: () => number;
  readonly defaultHighWaterMark?: number;
}

export interface EventsOptions {
  readonly signal?: AbortSignal;
  readonly highWaterMark?: number;
}

/** Card events carry a read the customer made; they are the last thing dropped. */
export function isCardEvent(event: ReaderEvent): boolean {
  return event.type === "swipe" || event.type === "chip" || event.type === "tap";
}

interface ListenerEntry {
  readonly type: ReaderEventType | "*";
  readonly fn: (event: ReaderEvent) => void;
  active: boolean;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

class Subscription implements AsyncIterableIterator<ReaderEvent> {
  private readonly queue: ReaderEvent[] = [];
  private waiters: ((r: IteratorResult<ReaderEvent, undefined>) => void)[] = [];
  private markerIndex = -1;
  private dropped = 0;
  private droppedCards = 0;
  private draining = false;
  private finished = false;
  private readonly onAbort = () => this.finish();

  constructor(
    private readonly hub: ReaderEventHub,
    private readonly highWaterMark: number,
    private readonly signal: AbortSignal | undefined,
    private readonly makeEvent: (error: ReaderError) => ErrorEvent,
  ) {
    signal?.addEventListener("abort", this.onAbort, { once: true });
  }

  get ended(): boolean {
    return this.finished || this.draining;
  }

  push(event: ReaderEvent): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter !== undefined) {
      waiter({ done: false, value: event });
      return;
    }
    this.queue.push(event);
    if (this.queue.length - (this.markerIndex >= 0 ? 1 : 0) > this.highWaterMark) this.evictOne();
  }

  private evictOne(): void {
    let victim = this.queue.findIndex((e, i) => i !== this.markerIndex && !isCardEvent(e));
    if (victim < 0) {
      victim = this.markerIndex === 0 ? 1 : 0;
      this.droppedCards += 1;
    }
    this.dropped += 1;
    if (this.markerIndex < 0) {
      // The notice takes the first lost event's place, so it arrives where the gap is.
      this.markerIndex = victim;
      this.queue[victim] = this.overflowEvent();
      return;
    }
    this.queue.splice(victim, 1);
    if (victim < this.markerIndex) this.markerIndex -= 1;
    this.queue[this.markerIndex] = this.overflowEvent();
  }

  private overflowEvent(): ErrorEvent {
    const cards = this.droppedCards > 0 ? `, ${this.droppedCards} of them card events` : "";
    return this.makeEvent(
      new ReaderError(
        ReaderErrorCodes.overflow,
        `subscriber queue full (highWaterMark ${this.highWaterMark}): dropped ${this.dropped} events${cards}`,
        { details: { dropped: this.dropped, droppedCards: this.droppedCards, highWaterMark: this.highWaterMark } },
      ),
    );
  }

  next(): Promise<IteratorResult<ReaderEvent, undefined>> {
    if (this.queue.length > 0) {
      const value = this.queue.shift()!;
      if (this.markerIndex === 0) {
        this.markerIndex = -1;
        this.dropped = 0;
        this.droppedCards = 0;
      } else if (this.markerIndex > 0) {
        this.markerIndex -= 1;
      }
      if (this.queue.length === 0 && this.draining) this.finish();
      return Promise.resolve({ done: false, value });
    }
    if (this.ended) {
      this.finish();
      return Promise.resolve(DONE);
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  return(): Promise<IteratorResult<ReaderEvent, undefined>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ReaderEvent> {
    return this;
  }

  /** Stops accepting events; queued ones are still delivered, then the iterator ends. */
  drain(): void {
    if (this.ended) return;
    this.draining = true;
    this.detach();
    if (this.queue.length === 0) this.finish();
  }

  /** Ends now: queued events are discarded and pending `next()` calls resolve done. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.length = 0;
    this.markerIndex = -1;
    this.detach();
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(DONE);
  }

  private detach(): void {
    this.signal?.removeEventListener("abort", this.onAbort);
    this.hub.unsubscribe(this);
  }
}

export class ReaderEventHub {
  private readonly subscriptions = new Set<Subscription>();
  private listeners: ListenerEntry[] = [];
  private readonly pending: ReaderEvent[] = [];
  private dispatching = false;
  private isClosed = false;
  private readonly readerId: string;
  private readonly now: () => number;
  private readonly defaultHighWaterMark: number;

  constructor(options: ReaderEventHubOptions = {}) {
    this.readerId = options.readerId ?? "";
    this.now = options.now ?? Date.now;
    this.defaultHighWaterMark = checkHighWaterMark(options.defaultHighWaterMark ?? DEFAULT_HIGH_WATER_MARK);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** Live iterators plus listeners, for leak checks. */
  get consumerCount(): number {
    return this.subscriptions.size + this.listeners.length;
  }

  /** Delivers `event` to every subscriber and matching listener. Ignored after `close()`. */
  emit(event: ReaderEvent): void {
    if (this.isClosed) return;
    this.pending.push(event);
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let e = this.pending.shift(); e !== undefined; e = this.pending.shift()) this.deliver(e);
    } finally {
      this.dispatching = false;
    }
  }

  private deliver(event: ReaderEvent): void {
    for (const sub of [...this.subscriptions]) sub.push(event);
    for (const entry of [...this.listeners]) {
      if (!entry.active || (entry.type !== "*" && entry.type !== event.type)) continue;
      try {
        entry.fn(event);
      } catch (cause) {
        // A failing error listener is not reported again: that could loop forever.
        if (event.type === "error" && event.error.code === ReaderErrorCodes.listener) continue;
        const text = cause instanceof Error ? cause.message : String(cause);
        this.pending.push(
          this.errorEvent(
            new ReaderError(
              ReaderErrorCodes.listener,
              `a "${entry.type}" listener threw while handling "${event.type}": ${redactCardData(text)}`,
              { cause, details: { eventType: event.type } },
            ),
          ),
        );
      }
    }
  }

  private errorEvent(error: ReaderError): ErrorEvent {
    return { type: "error", readerId: this.readerId, at: this.now(), error };
  }

  /**
   * A fresh subscription starting with the next emitted event. Ends when
   * `signal` aborts (immediately), on `return()` / `break`, or after
   * `endSubscriptions()` / `close()` once its queue is drained.
   */
  events(options: EventsOptions = {}): AsyncIterableIterator<ReaderEvent> {
    const hwm = checkHighWaterMark(options.highWaterMark ?? this.defaultHighWaterMark);
    const sub = new Subscription(this, hwm, options.signal, (e) => this.errorEvent(e));
    if (this.isClosed || options.signal?.aborted) sub.finish();
    else this.subscriptions.add(sub);
    return sub;
  }

  on<T extends ReaderEventType>(type: T, listener: (event: ReaderEventOf<T>) => void): Unsubscribe;
  on(type: "*", listener: (event: ReaderEvent) => void): Unsubscribe;
  on(type: ReaderEventType | "*", listener: (event: never) => void): Unsubscribe {
    const entry: ListenerEntry = { type, fn: listener as (event: ReaderEvent) => void, active: !this.isClosed };
    if (entry.active) this.listeners.push(entry);
    return () => {
      entry.active = false;
      this.listeners = this.listeners.filter((l) => l !== entry);
    };
  }

  /** Ends every current iterator after it drains; the hub stays open for new subscribers and listeners. */
  endSubscriptions(): void {
    for (const sub of [...this.subscriptions]) sub.drain();
  }

  /** Ends every iterator (after draining), drops all listeners, and ignores later emits. */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.pending.length = 0;
    this.endSubscriptions();
    for (const l of this.listeners) l.active = false;
    this.listeners = [];
  }

  /** @internal Called by a subscription when it ends. */
  unsubscribe(sub: Subscription): void {
    this.subscriptions.delete(sub);
  }
}

function checkHighWaterMark(n: number): number {
  if (!Number.isInteger(n) || n < 1) {
    throw new ReaderError(ReaderErrorCodes.argument, `highWaterMark: expected an integer ≥ 1, found ${n}`, {
      field: "highWaterMark",
    });
  }
  return n;
}

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import { isCardEvent, ReaderEventHub } from "../../src/reader/index.js";
import type { ErrorEvent, ReaderEvent } from "../../src/reader/types.js";
import { collect, flush, trace } from "./helpers.js";

const status = (n: number): ReaderEvent => ({ type: "status", readerId: "r", at: n, state: "ready" });
const battery = (n: number): ReaderEvent => ({ type: "battery", readerId: "r", at: n, percent: n % 101 });
const swipe = (n: number): ReaderEvent => ({ type: "swipe", readerId: "r", at: n, tracks: { track2: `;${n}?` } });

describe("ReaderEventHub delivery", () => {
  it("delivers in emit order to every subscriber and listener", async () => {
    const hub = new ReaderEventHub();
    const a = hub.events();
    const b = hub.events();
    const seen: string[] = [];
    hub.on("*", (e) => seen.push(`*${e.at}`));
    hub.on("swipe", (e) => seen.push(`swipe${e.at}`));
    const events = [status(1), swipe(2), battery(3)];
    for (const e of events) hub.emit(e);
    hub.close();
    expect(await collect(a)).toEqual(events);
    expect(await collect(b)).toEqual(events);
    expect(seen).toEqual(["*1", "*2", "swipe2", "*3"]);
  });

  it("an emit from inside a listener is delivered after the current event, to everyone, in one order", async () => {
    const hub = new ReaderEventHub();
    const sub = hub.events();
    const order: number[] = [];
    hub.on("status", (e) => {
      if (e.at === 1) hub.emit(battery(2));
    });
    hub.on("*", (e) => order.push(e.at));
    hub.emit(status(1));
    hub.emit(status(3));
    hub.close();
    expect(order).toEqual([1, 2, 3]);
    expect((await collect(sub)).map((e) => e.at)).toEqual([1, 2, 3]);
  });

  it("a subscription sees only events emitted after it subscribed", async () => {
    const hub = new ReaderEventHub();
    hub.emit(status(1));
    const sub = hub.events();
    hub.emit(status(2));
    hub.close();
    expect((await collect(sub)).map((e) => e.at)).toEqual([2]);
  });

  it("resolves a waiting next() directly, and several outstanding next() calls in order", async () => {
    const hub = new ReaderEventHub();
    const sub = hub.events();
    const p1 = sub.next();
    const p2 = sub.next();
    hub.emit(status(1));
    hub.emit(status(2));
    expect((await p1).value?.at).toBe(1);
    expect((await p2).value?.at).toBe(2);
  });

  it("unsubscribe stops a listener, including one removed while an event is being dispatched", () => {
    const hub = new ReaderEventHub();
    const seen: string[] = [];
    let offB = () => {};
    hub.on("*", () => {
      seen.push("a");
      offB();
    });
    offB = hub.on("*", () => seen.push("b"));
    hub.emit(status(1));
    expect(seen).toEqual(["a"]);
    expect(hub.consumerCount).toBe(1);
  });
});

describe("ReaderEventHub back-pressure", () => {
  it("drops the oldest non-card events first and puts one overflow notice where the gap is", async () => {
    const hub = new ReaderEventHub({ readerId: "r" });
    const sub = hub.events({ highWaterMark: 3 });
    for (const e of [status(1), status(2), status(3), swipe(4), status(5)]) hub.emit(e);
    hub.close();
    const got = await collect(sub);
    expect(trace(got)).toEqual(["error:reader.overflow", "status:ready", "swipe", "status:ready"]);
    expect(got.map((e) => e.at).slice(1)).toEqual([3, 4, 5]);
    const notice = got[0] as ErrorEvent;
    expect(notice.readerId).toBe("r");
    expect(notice.error.details).toEqual({ dropped: 2, droppedCards: 0, highWaterMark: 3 });
  });

  it("never loses a card silently: with only cards queued the oldest card goes, and the notice counts it", async () => {
    const hub = new ReaderEventHub();
    const sub = hub.events({ highWaterMark: 2 });
    for (const e of [swipe(1), swipe(2), swipe(3)]) hub.emit(e);
    hub.close();
    const got = await collect(sub);
    expect(trace(got)).toEqual(["error:reader.overflow", "swipe", "swipe"]);
    expect((got[0] as ErrorEvent).error.details).toMatchObject({ dropped: 1, droppedCards: 1 });
    expect((got[0] as ErrorEvent).error.message).toMatch(/1 of them card events/);
  });

  it("a fast subscriber is unaffected by a slow one", async () => {
    const hub = new ReaderEventHub();
    const slow = hub.events({ highWaterMark: 1 });
    const fast = hub.events();
    const fastSeen: number[] = [];
    const reading = (async () => {
      for await (const e of fast) fastSeen.push(e.at);
    })();
    for (let i = 0; i < 10; i++) hub.emit(status(i));
    hub.close();
    await reading;
    expect(fastSeen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(trace(await collect(slow))).toEqual(["error:reader.overflow", "status:ready"]);
  });

  it("after the notice is read, a new overflow gets a fresh notice with fresh counts", async () => {
    const hub = new ReaderEventHub();
    const sub = hub.events({ highWaterMark: 1 });
    hub.emit(status(1));
    hub.emit(status(2));
    expect((await sub.next()).value).toMatchObject({ type: "error" });
    expect((await sub.next()).value?.at).toBe(2);
    hub.emit(status(3));
    hub.emit(status(4));
    const again = (await sub.next()).value as ErrorEvent;
    expect(again.error.details).toMatchObject({ dropped: 1 });
  });

  it("property: a subscriber receives an in-order subsequence, and the notices account for every lost event and card", async () => {
    let runsLosingCards = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom("status", "battery", "swipe", "swipe", "swipe"), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.constantFrom(0, 0, 0, 1, 2, 3), { maxLength: 30 }),
        async (kinds, hwm, readsBetween) => {
          const hub = new ReaderEventHub();
          const sub = hub.events({ highWaterMark: hwm });
          const emitted = kinds.map((k, i) => (k === "swipe" ? swipe(i) : k === "battery" ? battery(i) : status(i)));
          // Pulls interleaved with emits: some resolve from the queue, some wait and take the next emit directly.
          const pulls: Promise<IteratorResult<ReaderEvent, undefined>>[] = [];
          for (const [i, e] of emitted.entries()) {
            hub.emit(e);
            for (let n = readsBetween[i % Math.max(1, readsBetween.length)] ?? 0; n > 0; n--) pulls.push(sub.next());
            await flush();
          }
          hub.close();
          const got: ReaderEvent[] = [];
          for (const x of await Promise.all(pulls)) if (!x.done) got.push(x.value);
          got.push(...(await collect(sub)));
          const notices = got.filter((e): e is ErrorEvent => e.type === "error");
          const delivered = got.filter((e) => e.type !== "error");
          // In order, a subsequence of what was emitted.
          const ats = delivered.map((e) => e.at);
          expect([...ats].sort((a, b) => a - b)).toEqual(ats);
          expect(new Set(ats).size).toBe(ats.length);
          const lost = emitted.filter((e) => !ats.includes(e.at));
          const sum = (k: "dropped" | "droppedCards") =>
            notices.reduce((s, n) => s + Number(n.error.details?.[k] ?? 0), 0);
          expect(sum("dropped")).toBe(lost.length);
          expect(sum("droppedCards")).toBe(lost.filter(isCardEvent).length);
          if (lost.some(isCardEvent)) runsLosingCards++;
          for (const n of notices) expect(isCardwireError(n.error, "reader.overflow")).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
    // The generators must reach the interesting case, or the property proves little.
    expect(runsLosingCards).toBeGreaterThan(5);
  });
});

describe("ReaderEventHub teardown", () => {
  it("close() drains queued events, then ends; pending next() calls resolve done; later emits are ignored", async () => {
    const hub = new ReaderEventHub();
    const idle = hub.events();
    const waiting = [idle.next(), idle.next()];
    const busy = hub.events();
    hub.emit(status(1));
    hub.close();
    hub.emit(status(2));
    expect((await waiting[0])?.value?.at).toBe(1);
    expect(await waiting[1]).toEqual({ done: true, value: undefined });
    expect((await collect(busy)).map((e) => e.at)).toEqual([1]);
    expect(await hub.events().next()).toEqual({ done: true, value: undefined });
    expect(hub.consumerCount).toBe(0);
  });

  it("break in for-await unsubscribes", async () => {
    const hub = new ReaderEventHub();
    const sub = hub.events();
    hub.emit(status(1));
    hub.emit(status(2));
    for await (const e of sub) {
      expect(e.at).toBe(1);
      break;
    }
    expect(hub.consumerCount).toBe(0);
    expect(await sub.next()).toEqual({ done: true, value: undefined });
  });

  it("an abort signal ends the iterator at once, resolves a pending next(), and removes its abort listener", async () => {
    const hub = new ReaderEventHub();
    const ac = new AbortController();
    let added = 0;
    let removed = 0;
    const signal = ac.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((...a: Parameters<typeof add>) => {
      added++;
      add(...a);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      removed++;
      remove(...a);
    }) as typeof signal.removeEventListener;
    const sub = hub.events({ signal });
    hub.emit(status(1));
    expect((await sub.next()).value?.at).toBe(1);
    const pending = sub.next();
    ac.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(hub.consumerCount).toBe(0);
    expect([added, removed]).toEqual([1, 1]);
    const already = hub.events({ signal });
    expect(await already.next()).toEqual({ done: true, value: undefined });
  });

  it("endSubscriptions() ends iterators but keeps the hub open for new ones", async () => {
    const hub = new ReaderEventHub();
    const first = hub.events();
    hub.emit(status(1));
    hub.endSubscriptions();
    const second = hub.events();
    hub.emit(status(2));
    hub.close();
    expect((await collect(first)).map((e) => e.at)).toEqual([1]);
    expect((await collect(second)).map((e) => e.at)).toEqual([2]);
  });

  it("leaves no pending promise behind: every outstanding next() settles on close", async () => {
    const hub = new ReaderEventHub();
    const subs = [hub.events(), hub.events(), hub.events()];
    let settled = 0;
    const all = subs.flatMap((s) => [s.next(), s.next()]).map((p) => p.then(() => settled++));
    hub.close();
    await flush();
    expect(settled).toBe(all.length);
  });

  it("rejects a highWaterMark below 1 with reader.argument", () => {
    const hub = new ReaderEventHub();
    expect(() => hub.events({ highWaterMark: 0 })).toThrow(expect.objectContaining({ code: "reader.argument" }));
    expect(() => new ReaderEventHub({ defaultHighWaterMark: 1.5 })).toThrow(
      expect.objectContaining({ code: "reader.argument" }),
    );
  });
});

describe("ReaderEventHub listener isolation", () => {
  it("a throwing listener becomes a reader.listener error event; other consumers still get the event", async () => {
    const hub = new ReaderEventHub({ readerId: "r", now: () => 42 });
    const sub = hub.events();
    const seen: string[] = [];
    hub.on("status", () => {
      throw new Error("boom on card 4111111111111111");
    });
    hub.on("*", (e) => seen.push(e.type));
    expect(() => hub.emit(status(1))).not.toThrow();
    hub.close();
    expect(seen).toEqual(["status", "error"]);
    const got = await collect(sub);
    expect(trace(got)).toEqual(["status:ready", "error:reader.listener"]);
    const err = (got[1] as ErrorEvent).error;
    expect(err.message).toContain("boom on card 411111******1111");
    expect(err.message).not.toContain("4111111111111111");
    expect(got[1]).toMatchObject({ readerId: "r", at: 42 });
  });

  it("an error listener that throws on a listener error is not reported again (no loop)", () => {
    const hub = new ReaderEventHub();
    let calls = 0;
    hub.on("*", () => {
      calls++;
      throw new Error("always");
    });
    hub.emit(status(1));
    expect(calls).toBe(2); // the status, then the error event about it
  });
});

import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import {
  canTransition,
  READER_TRANSITIONS,
  RECONNECT_POLICIES,
  type ReconnectPolicy,
  reconnectDelay,
} from "../../src/reader/index.js";
import type { ReaderState } from "../../src/reader/types.js";
import { collect, flush, ManualTimers, ScriptedReader, trace } from "./helpers.js";

const STATES: ReaderState[] = ["idle", "discovering", "connecting", "ready", "reading", "disconnected"];
const fastRetry: ReconnectPolicy = {
  maxAttempts: 3,
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 1000,
  jitter: 0,
  reasons: ["link_lost"],
  description: "test: 100, 200, 400 ms",
};

describe("state machine table", () => {
  it("allows exactly the listed transitions (all 36 pairs checked)", () => {
    const listed = new Set(READER_TRANSITIONS.map((t) => `${t.from}>${t.to}`));
    expect(listed.size).toBe(READER_TRANSITIONS.length);
    for (const from of STATES)
      for (const to of STATES)
        expect([from, to, canTransition(from, to)]).toEqual([from, to, listed.has(`${from}>${to}`)]);
  });

  it("BaseReader throws reader.state for an unlisted transition and emits nothing", async () => {
    const r = new ScriptedReader();
    const sub = r.events();
    expect(() => r.go("ready")).toThrow(expect.objectContaining({ code: "reader.state", command: "ready" }));
    expect(() => r.read()).toThrow(expect.objectContaining({ code: "reader.state" }));
    expect(r.state).toBe("idle");
    await r.connect();
    await r.disconnect();
    expect(trace(await collect(sub))).toEqual(["status:connecting", "status:ready", "status:disconnected(requested)"]);
  });

  it("backoff delays follow the policy; jitter stays within its fraction", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => reconnectDelay(RECONNECT_POLICIES.standard, n, () => 0.5))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect(reconnectDelay(RECONNECT_POLICIES.standard, 1, () => 0)).toBe(400);
    expect(reconnectDelay(RECONNECT_POLICIES.standard, 1, () => 0.999999)).toBe(600);
    for (const p of Object.values(RECONNECT_POLICIES)) expect(p.description.length).toBeGreaterThan(0);
  });
});

describe("BaseReader connect / disconnect", () => {
  it("walks discovering → connecting → ready → reading → ready → disconnected with a status event each time", async () => {
    const r = new ScriptedReader({ discover: true, readyPrompt: "Swipe card" });
    const sub = r.events();
    await r.connect();
    await r.connect(); // already ready: no-op
    r.read();
    await r.disconnect();
    await r.disconnect(); // already disconnected: no-op
    const got = await collect(sub);
    expect(trace(got)).toEqual([
      "status:discovering",
      "status:connecting",
      "status:ready",
      "status:reading",
      "battery",
      "status:ready",
      "status:disconnected(requested)",
    ]);
    expect(got[2]).toMatchObject({ readerId: "r1", at: 1000, prompt: "Swipe card" });
    expect(r.disconnects).toBe(1);
  });

  it("concurrent connect() calls share one attempt", async () => {
    const r = new ScriptedReader();
    const sub = r.events();
    await Promise.all([r.connect(), r.connect()]);
    await r.disconnect();
    expect(trace(await collect(sub)).filter((s) => s === "status:connecting")).toHaveLength(1);
  });

  it("a failed connect rejects with reader.connect (cause kept), reports an error event, ends the stream", async () => {
    const r = new ScriptedReader();
    const cause = new Error("adapter off");
    r.connectOutcomes = [cause];
    const sub = r.events();
    const e = await r.connect().catch((x: unknown) => x);
    expect(isCardwireError(e, "reader.connect")).toBe(true);
    expect((e as Error).cause).toBe(cause);
    expect(r.state).toBe("disconnected");
    expect(trace(await collect(sub))).toEqual([
      "status:connecting",
      "error:reader.connect",
      "status:disconnected(error)",
    ]);
    // The reader can be connected again afterwards.
    await r.connect();
    expect(r.state).toBe("ready");
  });

  it("an abort signal cancels a connect in progress: reader.aborted, disconnected (requested)", async () => {
    const r = new ScriptedReader();
    r.connectOutcomes = ["hang"];
    const sub = r.events();
    const ac = new AbortController();
    const p = r.connect({ signal: ac.signal });
    ac.abort();
    const e = await p.catch((x: unknown) => x);
    expect(isCardwireError(e, "reader.aborted")).toBe(true);
    expect(trace(await collect(sub))).toEqual(["status:connecting", "status:disconnected(requested)"]);
    const pre = new AbortController();
    pre.abort();
    expect(isCardwireError(await r.connect({ signal: pre.signal }).catch((x: unknown) => x), "reader.aborted")).toBe(
      true,
    );
  });

  it("disconnect() during connect cancels it", async () => {
    const r = new ScriptedReader();
    r.connectOutcomes = ["hang"];
    const p = r.connect();
    await r.disconnect();
    expect(isCardwireError(await p.catch((x: unknown) => x), "reader.aborted")).toBe(true);
    expect(r.state).toBe("disconnected");
  });
});

describe("BaseReader link loss and auto-reconnect", () => {
  it("without a policy, a lost link ends the stream with the reason", async () => {
    const r = new ScriptedReader();
    await r.connect();
    const sub = r.events();
    r.lose("link_lost", new Error("out of range"));
    expect(trace(await collect(sub))).toEqual(["error:reader.connect", "status:disconnected(link_lost)"]);
  });

  it("reconnects with backoff and keeps the stream open", async () => {
    const timers = new ManualTimers();
    const r = new ScriptedReader({ reconnect: fastRetry, timers });
    await r.connect();
    const sub = r.events();
    r.lose("link_lost");
    expect(r.state).toBe("disconnected");
    r.connectOutcomes = [new Error("still gone"), "ok"];
    expect(timers.runNext()).toBe(100);
    await flush();
    expect(timers.runNext()).toBe(200);
    await flush();
    expect(r.state).toBe("ready");
    expect(timers.tasks).toHaveLength(0);
    // A later loss starts the backoff from the first delay again.
    r.lose("link_lost");
    expect(timers.tasks[0]?.ms).toBe(100);
    await r.disconnect();
    expect(timers.tasks).toHaveLength(0);
    expect(trace(await collect(sub))).toEqual([
      "status:disconnected(link_lost)",
      "status:connecting",
      "error:reader.connect",
      "status:disconnected(error)",
      "status:connecting",
      "status:ready",
      "status:disconnected(link_lost)",
    ]);
  });

  it("gives up after maxAttempts with reader.reconnect_failed and ends the stream", async () => {
    const timers = new ManualTimers();
    const r = new ScriptedReader({ reconnect: fastRetry, timers });
    await r.connect();
    const sub = r.events();
    r.lose("link_lost");
    r.connectOutcomes = [new Error("1"), new Error("2"), new Error("3")];
    const delays: number[] = [];
    while (timers.tasks.length > 0) {
      delays.push(timers.runNext());
      await flush();
    }
    expect(delays).toEqual([100, 200, 400]);
    const got = trace(await collect(sub));
    expect(got.at(-1)).toBe("error:reader.reconnect_failed");
    expect(got.filter((s) => s === "status:connecting")).toHaveLength(3);
  });

  it("does not reconnect for a reason the policy does not list", async () => {
    const timers = new ManualTimers();
    const r = new ScriptedReader({ reconnect: fastRetry, timers });
    await r.connect();
    const sub = r.events();
    r.lose("device_gone");
    expect(timers.tasks).toHaveLength(0);
    expect(trace(await collect(sub))).toEqual(["status:disconnected(device_gone)"]);
  });

  it("connect() while a reconnect is pending cancels the timer and connects now", async () => {
    const timers = new ManualTimers();
    const r = new ScriptedReader({ reconnect: fastRetry, timers });
    await r.connect();
    r.lose("link_lost");
    await r.connect();
    expect(timers.tasks).toHaveLength(0);
    expect(r.state).toBe("ready");
  });
});

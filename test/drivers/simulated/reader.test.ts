import { describe, expect, it } from "vitest";
import { SimulatedReader } from "../../../drivers/simulated/index.js";
import { cardFromTracks, TEST_CARDS, testCard, testCardTracks } from "../../../src/card/index.js";
import { isCardwireError } from "../../../src/errors/index.js";
import { RECONNECT_POLICIES } from "../../../src/reader/index.js";
import type { ReadFailedEvent, SwipeEvent } from "../../../src/reader/types.js";
import { collect, flush, ManualTimers, trace } from "../../reader/helpers.js";

async function ready(options: ConstructorParameters<typeof SimulatedReader>[0] = {}) {
  const r = new SimulatedReader({ id: "sim", now: () => 7, ...options });
  const sub = r.events();
  await r.connect();
  return { r, sub };
}

describe("SimulatedReader", () => {
  it("swipes every test card into a swipe event with the parsed card and the tracks", async () => {
    const { r, sub } = await ready();
    for (const c of TEST_CARDS) {
      const res = r.swipe(c, { details: { speed: 0.4 } });
      expect(res.ok && res.value.pan).toBe(c.pan);
    }
    await r.disconnect();
    const swipes = (await collect(sub)).filter((e): e is SwipeEvent => e.type === "swipe");
    expect(swipes).toHaveLength(TEST_CARDS.length);
    for (const [i, e] of swipes.entries()) {
      const c = TEST_CARDS[i]!;
      expect(e).toMatchObject({ readerId: "sim", at: 7, details: { speed: 0.4 } });
      expect(e.tracks).toEqual(testCardTracks(c));
      expect(e.card).toEqual(cardFromTracks(testCardTracks(c)));
    }
    expect(r.kind).toBe("simulated");
  });

  it("emits reading → swipe → ready around each swipe", async () => {
    const { r, sub } = await ready();
    r.swipe(testCard("visa"));
    await r.disconnect();
    expect(trace(await collect(sub))).toEqual([
      "status:connecting",
      "status:ready",
      "status:reading",
      "swipe",
      "status:ready",
      "status:disconnected(requested)",
    ]);
  });

  it("reads only the tracks asked for, adds track 3, and accepts a Card or raw tracks", async () => {
    const { r, sub } = await ready();
    const visa = testCard("visa");
    r.swipe(visa, { tracks: ["track2"], track3: ";0112345?" });
    const card = cardFromTracks(testCardTracks(testCard("amex")));
    r.swipe(card);
    r.swipe({ pan: "4111111111111111", maskedPan: "411111******1111", brand: "visa", name: "DOE/J" });
    r.swipe({ track2: ";6011111111111117=3012101?" });
    await r.disconnect();
    const swipes = (await collect(sub)).filter((e): e is SwipeEvent => e.type === "swipe");
    expect(swipes[0]?.tracks).toEqual({ track2: testCardTracks(visa).track2, track3: ";0112345?" });
    expect(swipes[0]?.card?.name).toBeUndefined();
    expect(swipes[1]?.card?.brand).toBe("amex");
    expect(swipes[2]?.tracks).toEqual({ track2: ";4111111111111111===?", track1: "%B4111111111111111^DOE/J^^^?" });
    expect(swipes[3]?.card?.brand).toBe("discover");
  });

  it("a swipe whose tracks are not a valid card becomes read_failed (bad_track) with the error code, no PAN", async () => {
    const { r, sub } = await ready();
    const res = r.swipe({ track2: ";4111111111111112=3012101?" });
    expect(res.ok ? "ok" : res.error.code).toBe("card.luhn");
    const mismatch = r.swipe({
      track1: testCardTracks(testCard("visa")).track1,
      track2: testCardTracks(testCard("visa-2")).track2,
    });
    expect(mismatch.ok ? "ok" : mismatch.error.code).toBe("card.mismatch");
    expect(r.state).toBe("ready");
    await r.disconnect();
    const got = await collect(sub);
    const failed = got.filter((e): e is ReadFailedEvent => e.type === "read_failed");
    expect(failed.map((f) => [f.reason, f.details?.code])).toEqual([
      ["bad_track", "card.luhn"],
      ["bad_track", "card.mismatch"],
    ]);
    expect(JSON.stringify(failed)).not.toMatch(/4111111111111112|4012888888881881/);
    expect(failed[0]?.hint.length).toBeGreaterThan(0);
  });

  it("simulates failed reads and battery reports", async () => {
    const { r, sub } = await ready();
    r.failRead("too_fast");
    r.failRead("card_removed", { method: "chip", hint: "Leave the card in" });
    r.reportBattery(12, false);
    expect(() => r.reportBattery(101)).toThrow(expect.objectContaining({ code: "reader.argument" }));
    await r.disconnect();
    const got = (await collect(sub)).filter((e) => e.type === "read_failed" || e.type === "battery");
    expect(got).toEqual([
      {
        type: "read_failed",
        readerId: "sim",
        at: 7,
        method: "swipe",
        reason: "too_fast",
        hint: "Swipe again, a little slower",
      },
      {
        type: "read_failed",
        readerId: "sim",
        at: 7,
        method: "chip",
        reason: "card_removed",
        hint: "Leave the card in",
      },
      { type: "battery", readerId: "sim", at: 7, percent: 12, charging: false },
    ]);
  });

  it("refuses to swipe unless ready", async () => {
    const r = new SimulatedReader();
    expect(() => r.swipe(testCard("visa"))).toThrow(expect.objectContaining({ code: "reader.state" }));
    expect(() => r.reportBattery(50)).toThrow(expect.objectContaining({ code: "reader.state" }));
    expect(() => r.simulateDisconnect()).toThrow(expect.objectContaining({ code: "reader.state" }));
  });

  it("loses its link and reconnects under a policy; swipes work again afterwards", async () => {
    const timers = new ManualTimers();
    const r = new SimulatedReader({ timers, reconnect: { ...RECONNECT_POLICIES.standard, jitter: 0 } });
    const sub = r.events();
    const connecting = r.connect();
    expect(timers.runNext()).toBe(0); // the simulated connect delay
    await connecting;
    r.simulateDisconnect("link_lost");
    expect(r.state).toBe("disconnected");
    expect(timers.runNext()).toBe(500); // the reconnect delay
    await flush();
    expect(timers.runNext()).toBe(0); // the simulated connect itself
    await flush();
    expect(r.state).toBe("ready");
    r.swipe(testCard("jcb"));
    await r.disconnect();
    const got = trace(await collect(sub));
    expect(got).toContain("status:disconnected(link_lost)");
    expect(got.filter((s) => s === "swipe")).toHaveLength(1);
  });

  it("fails its first connects when told to, for retry tests", async () => {
    const r = new SimulatedReader({ failConnects: 1 });
    const e = await r.connect().catch((x: unknown) => x);
    expect(isCardwireError(e, "reader.connect")).toBe(true);
    await r.connect();
    expect(r.state).toBe("ready");
  });

  it("an abort during the simulated connect delay cancels it", async () => {
    const r = new SimulatedReader({ connectDelayMs: 60_000 });
    const ac = new AbortController();
    const p = r.connect({ signal: ac.signal });
    ac.abort();
    expect(isCardwireError(await p.catch((x: unknown) => x), "reader.aborted")).toBe(true);
    expect(r.state).toBe("disconnected");
  });
});

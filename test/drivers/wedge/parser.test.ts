/**
 * Keyboard-wedge parser: swipes from the public test cards, unreadable tracks,
 * timing, the MagTek encrypted suffix, failures as typed values, chunking
 * independence, and a fuzz target. Test names carry card ids, never PANs.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../../../src/bytes/index.js";
import { TEST_CARDS, testCard, testCardTracks } from "../../../src/card/index.js";
import { CardwireError } from "../../../src/errors/index.js";
import { WedgeError, type WedgeEvent, WedgeParser, parseMagtekWedgeSuffix } from "../../../drivers/wedge/index.js";
import { expectNoFullPan } from "../../examples/run.js";

function only<K extends WedgeEvent["kind"]>(events: readonly WedgeEvent[], kind: K): Extract<WedgeEvent, { kind: K }> {
  expect(events.map((e) => e.kind)).toEqual([kind]);
  return events[0] as Extract<WedgeEvent, { kind: K }>;
}

/** Everything a person could see of an event: the failure's JSON, the masked tracks, text. */
function visible(e: WedgeEvent): string {
  if (e.kind === "failure") return JSON.stringify(e.error) + e.error.message;
  if (e.kind === "text") return "";
  return JSON.stringify(e.swipe.tracks) + (e.swipe.card?.ok === false ? e.swipe.card.error.message : "");
}

describe("WedgeParser, clear swipes", () => {
  it.each(TEST_CARDS.map((c) => [c.id, c] as const))("%s: T1 + T2 + Enter → a card, tracks masked", (_id, card) => {
    const { track1, track2 } = testCardTracks(card);
    const events = new WedgeParser().push(`${track1}${track2}\r`);
    const { swipe } = only(events, "swipe");
    expect(swipe.card?.ok).toBe(true);
    if (swipe.card?.ok) {
      expect(swipe.card.value.pan).toBe(card.pan);
      expect(swipe.card.value.track1?.raw).toBe(track1);
    }
    expect(swipe.tracks.track1?.status).toBe("ok");
    expect(swipe.tracks.track2?.status).toBe("ok");
    expectNoFullPan(visible(events[0]!));
  });

  it("track 2 only, with track 3, LF as Enter", () => {
    const { track2 } = testCardTracks(testCard("mastercard"));
    const { swipe } = only(new WedgeParser().push(`${track2}+0123456789?\n`), "swipe");
    expect(swipe.card?.ok && swipe.card.value.track3).toBe("+0123456789?");
    expect(swipe.tracks.track3).toEqual({ status: "ok", masked: "+******6789?" });
  });

  it("`E` marks an unreadable track; the card is built from the others", () => {
    const { track2 } = testCardTracks(testCard("visa"));
    const { swipe } = only(new WedgeParser().push(`%E?${track2}+E?\r`), "swipe");
    expect(swipe.tracks.track1).toEqual({ status: "unreadable" });
    expect(swipe.tracks.track3).toEqual({ status: "unreadable" });
    expect(swipe.card?.ok).toBe(true);
  });

  it("all tracks unreadable: a swipe whose card result is card.missing", () => {
    const { swipe } = only(new WedgeParser().push("%E?;E?\r"), "swipe");
    expect(swipe.card?.ok === false && swipe.card.error.code).toBe("card.missing");
  });

  it("a track failing Luhn is a swipe with a card.luhn result, PAN not in the message", () => {
    const { track2 } = testCardTracks(testCard("visa"));
    const bad = track2.replace("4111111111111111", "4111111111111112");
    const events = new WedgeParser().push(`${bad}\r`);
    const { swipe } = only(events, "swipe");
    expect(swipe.card?.ok === false && swipe.card.error.code).toBe("card.luhn");
    expect(visible(events[0]!)).not.toContain("4111111111111112");
  });

  it("CR LF counts as one Enter; text around swipes comes back as text", () => {
    const { track2 } = testCardTracks(testCard("amex"));
    const events = new WedgeParser().push(`hello\r\n${track2}\r\nbye\r`);
    expect(events.map((e) => e.kind)).toEqual(["text", "swipe", "text"]);
    expect(events[0]).toEqual({ kind: "text", text: "hello" });
    expect(events[2]).toEqual({ kind: "text", text: "bye" });
  });

  it("property: any split of the keystrokes gives the same events", () => {
    const texts = TEST_CARDS.map((c) => {
      const t = testCardTracks(c);
      return `${t.track1}${t.track2}\r`;
    });
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...texts, "abc\r", "%E?\r"), { maxLength: 5 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (parts, cuts) => {
          const text = parts.join("");
          const whole = new WedgeParser().push(text);
          const p = new WedgeParser();
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces: WedgeEvent[] = [];
          let prev = 0;
          for (const q of [...points, text.length]) {
            pieces.push(...p.push(text.slice(prev, q)));
            prev = q;
          }
          expect(pieces).toEqual(whole);
        },
      ),
    );
  });
});

describe("WedgeParser, failures are typed values", () => {
  const t2 = testCardTracks(testCard("discover")).track2;
  it.each([
    { name: "Enter inside track 2", text: `${t2.slice(0, 10)}\r`, code: "wedge.unterminated", offset: 10 },
    { name: "text between tracks", text: "%E?x", code: "wedge.syntax", offset: 3 },
    { name: "tracks out of order", text: `${t2}%E?\r`, code: "wedge.syntax", offset: t2.length },
    { name: "track 2 too long", text: `;${"1".repeat(39)}?\r`, code: "wedge.length", offset: 39 },
  ])("$name → $code at $offset", ({ text, code, offset }) => {
    const events = new WedgeParser().push(text);
    const f = events.find((e) => e.kind === "failure");
    expect(f?.kind === "failure" && f.error.code).toBe(code);
    expect(f?.kind === "failure" && f.error.offset).toBe(offset);
    expect(f?.kind === "failure" && f.error).toBeInstanceOf(WedgeError);
    for (const e of events) expectNoFullPan(visible(e));
  });

  it("after a failure the rest of the line is discarded and the next swipe parses", () => {
    const p = new WedgeParser();
    const events = p.push(`%E?x${t2}\r${t2}\r`);
    expect(events.map((e) => e.kind)).toEqual(["failure", "swipe"]);
  });

  it("end() inside a swipe is unterminated; end() in idle hands back text", () => {
    const p = new WedgeParser();
    expect(p.push(";123")).toEqual([]);
    expect(p.inSwipe).toBe(true);
    expect(only(p.end(), "failure").error.code).toBe("wedge.unterminated");
    p.push("typed");
    expect(p.end()).toEqual([{ kind: "text", text: "typed" }]);
  });

  it("rejects a non-positive maxGapMs", () => {
    expect(() => new WedgeParser({ maxGapMs: 0 })).toThrow(WedgeError);
    expect(() => new WedgeParser({ maxGapMs: Number.NaN })).toThrow(/maxGapMs/);
  });
});

describe("WedgeParser, inter-key timing", () => {
  const t2 = testCardTracks(testCard("jcb")).track2;
  const keys = (text: string, start: number, stepMs: number) =>
    [...text].map((key, i) => ({ key, atMs: start + i * stepMs }));

  it("a reader's burst (5 ms per key) is a swipe", () => {
    const events = new WedgeParser({ maxGapMs: 50 }).pushKeys(keys(`${t2}\r`, 1000, 5));
    expect(only(events, "swipe").swipe.card?.ok).toBe(true);
  });

  it("a person typing a swipe-shaped line (200 ms per key) is not taken for a card", () => {
    const events = new WedgeParser({ maxGapMs: 50 }).pushKeys(keys(";4111?\r", 0, 200));
    expect(events.some((e) => e.kind === "swipe")).toBe(false);
    expect(events[0]?.kind === "failure" && events[0].error.code).toBe("wedge.timeout");
  });

  it("a pause inside a swipe drops it, then the next burst parses", () => {
    const p = new WedgeParser({ maxGapMs: 50 });
    const first = p.pushKeys(keys(t2.slice(0, 8), 0, 5));
    expect(first).toEqual([]);
    const events = p.pushKeys(keys(`${t2}\r`, 1000, 5));
    expect(events.map((e) => e.kind)).toEqual(["failure", "swipe"]);
    const f = events[0] as Extract<WedgeEvent, { kind: "failure" }>;
    expect(f.error.details).toMatchObject({ gapMs: 965, maxGapMs: 50 }); // 1000 − 35 (8th key at 7 × 5 ms)
  });

  it("tick() drops a stalled swipe without waiting for another key", () => {
    const p = new WedgeParser({ maxGapMs: 50 });
    p.push(";41", 0);
    expect(p.tick(50)).toEqual([]); // 50 is not longer than 50
    expect(only(p.tick(51), "failure").error.code).toBe("wedge.timeout");
    expect(p.inSwipe).toBe(false);
  });
});

describe("MagTek encrypted wedge suffix (field order: confidence M)", () => {
  // A synthetic suffix in READERS.md's field order; values are made up (not a capture).
  const enc1 = "0011223344556677";
  const enc2 = "8899AABBCCDDEEFF";
  const ksn = "FFFF9876543210E00001";
  const suffix = `0600|${enc1}|${enc2}||0000|A1B2|B01234567890ABC|1122334455667788|${ksn}|0000|CRC1|FMT`;

  it("splits the fields by position, hex fields as bytes, the rest trailing", () => {
    const s = parseMagtekWedgeSuffix(suffix);
    expect(s.encryptionStatus).toBe("0600");
    expect(toHex(s.track1Encrypted)).toBe(enc1);
    expect(toHex(s.track2Encrypted)).toBe(enc2);
    expect(s.track3Encrypted).toEqual(new Uint8Array(0));
    expect(s.magnePrintStatus).toBe("0000");
    expect(toHex(s.magnePrint)).toBe("A1B2");
    expect(s.serial).toBe("B01234567890ABC");
    expect(s.sessionId).toBe("1122334455667788");
    expect(toHex(s.ksn)).toBe(ksn);
    expect(s.trailing).toEqual(["0000", "CRC1", "FMT"]);
  });

  it("a swipe with a suffix carries masked tracks and the encrypted parts, no card", () => {
    const masked = "%B4111110000001111^TEST/VISA^3012101?;4111110000001111=3012?";
    const { swipe } = only(new WedgeParser().push(`${masked}|${suffix}\r`), "swipe");
    expect(swipe.card).toBeUndefined();
    expect(swipe.encrypted?.serial).toBe("B01234567890ABC");
    expect(swipe.tracks.track2?.status).toBe("ok");
  });

  it("a hex field that is not hex is a wedge.suffix failure naming the field and offset", () => {
    const events = new WedgeParser().push(`;E?|0600|00ZZ\r`);
    const f = only(events, "failure");
    expect(f.error.code).toBe("wedge.suffix");
    expect(f.error.field).toBe("track1Encrypted");
    expect(f.error.offset).toBe(7); // "0600|" is 5 characters, then "00" → the "Z" at 5 + 2
  });
});

describe("WedgeParser fuzz", () => {
  it("random and mutated keystrokes: only typed events, bounded state, never a throw", () => {
    const base = testCardTracks(testCard("visa"));
    const seed = `${base.track1}${base.track2}+1?|0600|AB\r`;
    const alphabet = fc.constantFrom(..."%;+?|E\r\n0123456789^=/ABZ ");
    const mutated = fc.array(fc.tuple(fc.nat(), alphabet), { maxLength: 5 }).map((edits) => {
      const chars = [...seed];
      for (const [i, c] of edits) chars[i % chars.length] = c;
      return chars.join("");
    });
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.array(alphabet, { maxLength: 300 }).map((a) => a.join("")),
          mutated,
        ),
        fc.array(fc.nat({ max: 300 }), { maxLength: 50 }),
        (text, gaps) => {
          const p = new WedgeParser({ maxGapMs: 100 });
          let t = 0;
          const events = [...text].flatMap((key, i) => {
            t += gaps[i] ?? 1;
            return p.push(key, t);
          });
          events.push(...p.end());
          for (const e of events) {
            if (e.kind === "failure") expect(e.error).toBeInstanceOf(CardwireError);
            if (e.kind === "swipe" && e.swipe.card?.ok === false)
              expect(e.swipe.card.error).toBeInstanceOf(CardwireError);
            expectNoFullPan(visible(e));
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

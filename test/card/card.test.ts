import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildTrack1,
  buildTrack2,
  CardError,
  CardErrorCodes,
  cardFromTracks,
  expiryOf,
  isExpired,
  parseExpiry,
  TEST_CARDS,
  testCard,
  testCardTracks,
  tryCardFromTracks,
  luhnCheckDigit,
  panLengthValid,
  maskPan,
  brandOf,
} from "../../src/card/index.js";
import { errorCodes } from "../../src/errors/index.js";

const expiryDigits = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }))
  .map(([y, m]) => `${String(y).padStart(2, "0")}${String(m).padStart(2, "0")}`);

describe("cardFromTracks", () => {
  it.each(TEST_CARDS.map((c) => [c.id, c] as const))("%s: both tracks, each alone", (_id, c) => {
    const tracks = testCardTracks(c);
    const card = cardFromTracks(tracks);
    expect(card).toMatchObject({ pan: c.pan, brand: c.brand, name: c.name });
    expect(card.maskedPan).toBe(c.pan.slice(0, 6) + "*".repeat(c.pan.length - 10) + c.pan.slice(-4));
    expect(card.expiry?.yymm).toBe(c.expiry);
    expect(card.serviceCode?.code).toBe(c.serviceCode);
    expect(card.track1?.raw).toBe(tracks.track1);
    expect(card.track2?.raw).toBe(tracks.track2);
    expect(cardFromTracks({ track2: tracks.track2 })).toMatchObject({ pan: c.pan, brand: c.brand });
    expect(cardFromTracks({ track2: tracks.track2 }).name).toBeUndefined();
    expect(cardFromTracks({ track1: tracks.track1 })).toMatchObject({ pan: c.pan, name: c.name });
  });

  it("keeps track 3 raw", () => {
    const t3 =
      ";011234567890123445=724724100000000000030300XXXX040400099010=************************==1=0000000000000000?";
    const card = cardFromTracks({ ...testCardTracks(testCard("visa")), track3: t3 });
    expect(card.track3).toBe(t3);
  });

  it("reports a chip card (service code 2xx) so the terminal can treat a swipe as fallback", () => {
    expect(cardFromTracks(testCardTracks(testCard("visa-chip"))).serviceCode?.chipPresent).toBe(true);
  });

  it("parses an expired card; isExpired says so and the host decides", () => {
    const card = cardFromTracks(testCardTracks(testCard("visa-expired")));
    expect(card.expiry).toEqual({ yymm: "1912", year: 2019, month: 12 });
    expect(isExpired(card.expiry!, new Date(Date.UTC(2019, 11, 31, 23, 59)))).toBe(false);
    expect(isExpired(card.expiry!, new Date(Date.UTC(2020, 0, 1)))).toBe(true);
    expect(isExpired(parseExpiry("3012"), new Date(Date.UTC(2025, 5, 1)))).toBe(false);
    expect(expiryOf(2030, 12)).toEqual(parseExpiry("3012"));
    expect(() => expiryOf(2030, 13)).toThrow(expect.objectContaining({ code: "card.expiry" }));
  });

  const visa = testCardTracks(testCard("visa"));
  const NEGATIVE = [
    ["no tracks", {}, "card.missing", "tracks"],
    ["only track 3", { track3: ";123?" }, "card.missing", "tracks"],
    ["bad Luhn", { track2: ";4111111111111112=3012101?" }, "card.luhn", "track2.pan"],
    ["bad Luhn on track 1 alone", { track1: "%B4111111111111112^DOE/J^3012101?" }, "card.luhn", "track1.pan"],
    [
      "Visa of 14 digits",
      { track2: `;4111111111111${luhnCheckDigit("4111111111111")}=3012101?` },
      "card.pan",
      "track2.pan",
    ],
    [
      "PAN mismatch",
      { track1: visa.track1, track2: buildTrack2({ pan: "4012888888881881", expiry: "3012", serviceCode: "101" }) },
      "card.mismatch",
      "pan",
    ],
    [
      "expiry mismatch",
      { track1: visa.track1, track2: buildTrack2({ pan: "4111111111111111", expiry: "3011", serviceCode: "101" }) },
      "card.mismatch",
      "expiry",
    ],
    [
      "service code mismatch",
      { track1: visa.track1, track2: buildTrack2({ pan: "4111111111111111", expiry: "3012", serviceCode: "201" }) },
      "card.mismatch",
      "serviceCode",
    ],
    ["malformed track 1 next to a good track 2", { track1: "%B4111", track2: visa.track2 }, "card.sentinel", "track1"],
  ] as const;

  it.each(NEGATIVE)("%s → %s", (_name, tracks, code, field) => {
    const r = tryCardFromTracks(tracks);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.error.code, r.error.field]).toEqual([code, field]);
    const json = JSON.stringify(r.error);
    for (const pan of ["4111111111111111", "4111111111111112", "4012888888881881", "41111111111118"]) {
      expect(r.error.message).not.toContain(pan);
      expect(json).not.toContain(pan);
    }
  });

  it("tolerates a track 1 without expiry or service code next to a full track 2", () => {
    const card = cardFromTracks({
      track1: buildTrack1({ pan: "4111111111111111", name: "DOE/J" }),
      track2: visa.track2,
    });
    expect(card.expiry?.yymm).toBe("3012");
    expect(card.name).toBe("DOE/J");
  });

  it("try variant returns what the throwing one throws", () => {
    expect(() => cardFromTracks({ track2: ";4111111111111112=3012101?" })).toThrow(CardError);
    const r = tryCardFromTracks(visa);
    expect(r.ok && r.value.brand).toBe("visa");
  });

  it("property: any Luhn-valid PAN of 8–19 digits gives its card (masked, branded) or card.pan for a length its brand does not issue", () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{7,18}$/), expiryDigits, (partial, yymm) => {
        const pan = partial + luhnCheckDigit(partial);
        const r = tryCardFromTracks({ track2: buildTrack2({ pan, expiry: yymm, serviceCode: "101" }) });
        if (panLengthValid(pan)) {
          accepted++;
          expect(r.ok && [r.value.pan, r.value.maskedPan, r.value.brand]).toEqual([pan, maskPan(pan), brandOf(pan)]);
        } else {
          expect(r.ok ? "ok" : r.error.code).toBe("card.pan");
        }
      }),
      { numRuns: 300 },
    );
    expect(accepted).toBeGreaterThan(50);
  });

  it("registers every card error code under CardError", () => {
    for (const code of Object.values(CardErrorCodes)) expect(errorCodes().get(code)).toBe("CardError");
  });
});

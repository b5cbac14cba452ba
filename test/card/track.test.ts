import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildTrack1,
  buildTrack2,
  CardError,
  parseServiceCode,
  parseTrack1,
  parseTrack2,
  TEST_CARDS,
  testCardTracks,
  tryParseTrack1,
  tryParseTrack2,
} from "../../src/card/index.js";
import { isCardwireError } from "../../src/errors/index.js";

/** Peer vectors: test tracks published by processors and used in public client libraries' tests. */
const PEER_TRACKS = [
  {
    id: "authorize.net card-present sample",
    source: "Authorize.Net sandbox card-present tracks, as used in public client libraries",
    track1: "%B4111111111111111^CARDUSER/JOHN^1803101000000000020000831000000?",
    track2: ";4111111111111111=1803101000020000831?",
    pan: "4111111111111111",
    name: "CARDUSER/JOHN",
    yymm: "1803",
    sc: "101",
    disc1: "000000000020000831000000",
    disc2: "000020000831",
  },
  {
    id: "omnivore sample, 26-char padded name",
    source: "Omnivore POS API test (card_present payment)",
    track1: "%B4111111111111111^SCHMOE                /JOE^161210100695000000?",
    pan: "4111111111111111",
    name: "SCHMOE                /JOE",
    yymm: "1612",
    sc: "101",
    disc1: "00695000000",
  },
  {
    id: "magstripe decoder sample",
    source: "public magstripe-decoder tool test",
    track1: "%B4111111111111111^DOE/JOHN^25121011200000?",
    track2: ";4111111111111111=25121011200000?",
    pan: "4111111111111111",
    name: "DOE/JOHN",
    yymm: "2512",
    sc: "101",
    disc1: "1200000",
    disc2: "1200000",
  },
] as const;

describe("ISO/IEC 7813 track vectors", () => {
  it.each(PEER_TRACKS)("$id", (v) => {
    const t1 = parseTrack1(v.track1);
    expect(t1).toMatchObject({ raw: v.track1, formatCode: "B", pan: v.pan, name: v.name, discretionary: v.disc1 });
    expect(t1.expiry?.yymm).toBe(v.yymm);
    expect(t1.serviceCode?.code).toBe(v.sc);
    if ("track2" in v) {
      const t2 = parseTrack2(v.track2);
      expect(t2).toMatchObject({ raw: v.track2, pan: v.pan, discretionary: v.disc2 });
      expect(t2.expiry).toEqual(t1.expiry);
    }
  });

  it("decodes expiry and service code fields", () => {
    const t = parseTrack2(";5200828282828210=3012120?");
    expect(t.expiry).toEqual({ yymm: "3012", year: 2030, month: 12 });
    expect(t.serviceCode).toEqual({
      code: "120",
      interchange: "international",
      chipPresent: false,
      authorization: "by_issuer",
      services: "no_restrictions",
      pin: "required",
    });
    expect(t.discretionary).toBe("");
  });

  it("accepts absent expiry and service code, each replaced by a separator", () => {
    const t2 = parseTrack2(";4111111111111111===12345?");
    expect(t2.expiry).toBeUndefined();
    expect(t2.serviceCode).toBeUndefined();
    expect(t2.discretionary).toBe("12345");
    const t1 = parseTrack1("%B4111111111111111^DOE/J^^101X?");
    expect(t1.expiry).toBeUndefined();
    expect(t1.serviceCode?.code).toBe("101");
    expect(t1.discretionary).toBe("X");
    expect(parseTrack1("%B4111111111111111^DOE/J^3012^?").serviceCode).toBeUndefined();
  });

  it("trims trailing name padding, keeps the rest", () => {
    expect(parseTrack1("%B4111111111111111^DOE/J    ^3012101?").name).toBe("DOE/J");
  });

  it.each([
    ["101", "international", false, "normal", "no_restrictions", "none"],
    ["201", "international", true, "normal", "no_restrictions", "none"],
    ["221", "international", true, "by_issuer", "no_restrictions", "none"],
    ["502", "national", false, "normal", "goods_and_services", "none"],
    ["601", "national", true, "normal", "no_restrictions", "none"],
    ["703", "private", false, "normal", "atm_only", "required"],
    ["944", "test", false, "by_issuer_unless_bilateral", "cash_only", "none"],
    ["105", "international", false, "normal", "goods_and_services", "required"],
    ["106", "international", false, "normal", "no_restrictions", "prompt_if_pin_pad"],
    ["107", "international", false, "normal", "goods_and_services", "prompt_if_pin_pad"],
  ])("service code %s", (code, interchange, chipPresent, authorization, services, pin) => {
    expect(parseServiceCode(code)).toEqual({ code, interchange, chipPresent, authorization, services, pin });
  });

  it("builds every test card's tracks and parses them back", () => {
    for (const c of TEST_CARDS) {
      const { track1, track2 } = testCardTracks(c);
      expect(track1.length).toBeLessThanOrEqual(79);
      expect(track2.length).toBeLessThanOrEqual(40);
      expect(parseTrack1(track1)).toMatchObject({ pan: c.pan, name: c.name, discretionary: c.discretionary });
      expect(parseTrack2(track2)).toMatchObject({ pan: c.pan, discretionary: c.discretionary });
    }
  });
});

/** Negative table: input → exact code, field and offset. */
const NEGATIVE = [
  ["track1", "", "card.sentinel", "track1", 0],
  ["track1", "B4111111111111111^DOE/J^3012101?", "card.sentinel", "track1", 0],
  ["track1", "%B4111111111111111^DOE/J^3012101", "card.sentinel", "track1", 32],
  ["track1", "%B4111111111111111^DOE/J^30?12101?", "card.sentinel", "track1", 27],
  ["track1", "%B4111111111111111^DOE/J%^3012101?", "card.sentinel", "track1", 24],
  ["track1", `%B4111111111111111^${"A".repeat(56)}^3012101?`, "card.length", "track1", 79],
  ["track1", "%B4111111111111111^doe/j^3012101?", "card.charset", "track1", 19],
  ["track1", "%B4111111111111111^DOE/J^3012101\n?", "card.charset", "track1", 32],
  ["track1", "%A4111111111111111^DOE/J^3012101?", "card.format", "track1.format", 1],
  ["track1", "%B4111111111111111DOE/J^3012101?", "card.pan", "track1.pan", 18],
  ["track1", "%B4111111111111111?", "card.separator", "track1.pan", 18],
  ["track1", "%B41111111111111111111^DOE/J^3012101?", "card.pan", "track1.pan", 21],
  ["track1", "%B4111^DOE/J^3012101?", "card.pan", "track1.pan", 2],
  ["track1", "%B^DOE/J^3012101?", "card.pan", "track1.pan", 2],
  ["track1", "%B4111111111111111^DOE/J3012101?", "card.separator", "track1.name", 31],
  ["track1", "%B4111111111111111^D^3012101?", "card.name", "track1.name", 19],
  ["track1", `%B4111111111111111^${"A".repeat(27)}^3012101?`, "card.name", "track1.name", 19],
  ["track1", "%B4111111111111111^DOE/J^3013101?", "card.expiry", "track1.expiry", 27],
  ["track1", "%B4111111111111111^DOE/J^3000101?", "card.expiry", "track1.expiry", 27],
  ["track1", "%B4111111111111111^DOE/J^30A2101?", "card.expiry", "track1.expiry", 27],
  ["track1", "%B4111111111111111^DOE/J^301?", "card.expiry", "track1.expiry", 25],
  ["track1", "%B4111111111111111^DOE/J^3012401?", "card.service_code", "track1.serviceCode", 29],
  ["track1", "%B4111111111111111^DOE/J^3012131?", "card.service_code", "track1.serviceCode", 30],
  ["track1", "%B4111111111111111^DOE/J^3012108?", "card.service_code", "track1.serviceCode", 31],
  ["track1", "%B4111111111111111^DOE/J^301210?", "card.service_code", "track1.serviceCode", 29],
  ["track2", "", "card.sentinel", "track2", 0],
  ["track2", "4111111111111111=3012101?", "card.sentinel", "track2", 0],
  ["track2", ";4111111111111111=3012101", "card.sentinel", "track2", 25],
  ["track2", ";4111111111111111=30;12101?", "card.sentinel", "track2", 20],
  ["track2", `;4111111111111111=3012101${"0".repeat(15)}?`, "card.length", "track2", 40],
  ["track2", ";4111111111111111=3012101A?", "card.charset", "track2", 25],
  ["track2", ";4111111111111111=3012101:?", "card.charset", "track2", 25],
  ["track2", ";4111111111111111=3012101<?", "card.charset", "track2", 25],
  ["track2", ";4111111111111111?", "card.separator", "track2.pan", 17],
  ["track2", ";41111111111111111111=3012101?", "card.pan", "track2.pan", 20],
  ["track2", ";4111111=3012101?", "card.pan", "track2.pan", 1],
  ["track2", ";=3012101?", "card.pan", "track2.pan", 1],
  ["track2", ";4111111111111111=0013101?", "card.expiry", "track2.expiry", 20],
  ["track2", ";4111111111111111=30?", "card.expiry", "track2.expiry", 18],
  ["track2", ";4111111111111111=3012301?", "card.service_code", "track2.serviceCode", 22],
  ["track2", ";4111111111111111=30121=1?", "card.service_code", "track2.serviceCode", 23],
] as const;

describe("negative table: exact code, field and offset", () => {
  it.each(NEGATIVE)("%s %j → %s", (track, text, code, field, offset) => {
    const r = track === "track1" ? tryParseTrack1(text) : tryParseTrack2(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(CardError);
    expect({ code: r.error.code, field: r.error.field, offset: r.error.offset }).toEqual({ code, field, offset });
    expect(r.error.message).not.toContain("4111111111111111");
    expect(JSON.stringify(r.error)).not.toContain("4111111111111111");
  });

  it("parse throws the same error the try variant returns", () => {
    expect(() => parseTrack2(";4111111111111111=3013101?")).toThrow(CardError);
    expect(tryParseTrack2(";4111111111111111=3012101?").ok).toBe(true);
  });

  it.each([
    [{ pan: "4111111111111111", name: "DOE^JOHN" }, "card.name"],
    [{ pan: "4111111111111111", name: "DOE/J", discretionary: "12?3" }, "card.sentinel"],
    [{ pan: "4111111111111111", name: "D" }, "card.name"],
    [{ pan: "4111111111111111", name: "DOE/J", expiry: "3013" }, "card.expiry"],
  ])("buildTrack1 validates %j", (fields, code) => {
    expect(() => buildTrack1(fields)).toThrow(expect.objectContaining({ code }));
  });

  it("buildTrack2 validates", () => {
    expect(() => buildTrack2({ pan: "4111111111111111", discretionary: "12A" })).toThrow(
      expect.objectContaining({ code: "card.charset" }),
    );
    expect(() => buildTrack2({ pan: "4111111111111111", serviceCode: "401" })).toThrow(
      expect.objectContaining({ code: "card.service_code" }),
    );
  });
});

// ---- properties -------------------------------------------------------------

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const expiryArb = fc.option(
  fc
    .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }))
    .map(([y, m]) => `${String(y).padStart(2, "0")}${String(m).padStart(2, "0")}`),
  { nil: undefined },
);
const serviceCodeArb = fc.option(
  fc
    .tuple(
      fc.constantFrom("1", "2", "5", "6", "7", "9"),
      fc.constantFrom("0", "2", "4"),
      fc.constantFrom(..."01234567"),
    )
    .map((p) => p.join("")),
  { nil: undefined },
);
/** Track 1 character set minus the sentinels and separator (ISO/IEC 7811-2 6-bit set). */
const T1_CHARS = [...Array(0x40).keys()].map((i) => String.fromCharCode(0x20 + i)).filter((c) => !"%?^".includes(c));
const nameArb = fc
  .array(fc.constantFrom(...T1_CHARS), { minLength: 2, maxLength: 26 })
  .map((a) => a.join(""))
  .filter((n) => !n.endsWith(" "));

describe("properties", () => {
  it("Track 2: build → parse returns the fields, for any valid fields within 40 characters", () => {
    fc.assert(
      fc.property(
        digits(8, 19),
        expiryArb,
        serviceCodeArb,
        fc.array(fc.constantFrom(..."0123456789="), { maxLength: 20 }).map((a) => a.join("")),
        (pan, expiry, serviceCode, discretionary) => {
          const len = 2 + pan.length + 1 + (expiry?.length ?? 1) + (serviceCode?.length ?? 1) + discretionary.length;
          fc.pre(len <= 40);
          const text = buildTrack2({ pan, expiry, serviceCode, discretionary });
          const t = parseTrack2(text);
          expect(t.raw).toBe(text);
          expect([t.pan, t.expiry?.yymm, t.serviceCode?.code, t.discretionary]).toEqual([
            pan,
            expiry,
            serviceCode,
            discretionary,
          ]);
        },
      ),
    );
  });

  it("Track 1: build → parse returns the fields, for any valid fields within 79 characters", () => {
    fc.assert(
      fc.property(
        digits(8, 19),
        nameArb,
        expiryArb,
        serviceCodeArb,
        fc.array(fc.constantFrom(...T1_CHARS, "^"), { maxLength: 30 }).map((a) => a.join("")),
        (pan, name, expiry, serviceCode, discretionary) => {
          const len =
            4 +
            pan.length +
            name.length +
            1 +
            (expiry?.length ?? 1) +
            (serviceCode?.length ?? 1) +
            discretionary.length;
          fc.pre(len <= 79);
          const text = buildTrack1({ pan, name, expiry, serviceCode, discretionary });
          const t = parseTrack1(text);
          expect([t.pan, t.name, t.expiry?.yymm, t.serviceCode?.code, t.discretionary]).toEqual([
            pan,
            name,
            expiry,
            serviceCode,
            discretionary,
          ]);
        },
      ),
    );
  });

  const onlyCardErrors = (parse: (s: string) => unknown) => (s: string) => {
    try {
      parse(s);
    } catch (e) {
      expect(isCardwireError(e)).toBe(true);
      expect(e).toBeInstanceOf(CardError);
    }
  };

  it("fuzz: arbitrary strings only ever throw CardError", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 90 }), onlyCardErrors(parseTrack1)), { numRuns: 500 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 50 }), onlyCardErrors(parseTrack2)), { numRuns: 500 });
  });

  it("fuzz: mutated valid tracks only ever throw CardError", () => {
    const tracks = TEST_CARDS.map(testCardTracks);
    const mutate = (s: string, ops: readonly [number, number, number][]) => {
      let out = s;
      for (const [kind, pos, ch] of ops) {
        const i = pos % (out.length + 1);
        const c = String.fromCharCode(ch);
        out =
          kind === 0
            ? out.slice(0, i) + c + out.slice(i + 1)
            : kind === 1
              ? out.slice(0, i) + c + out.slice(i)
              : out.slice(0, i) + out.slice(i + 1);
      }
      return out;
    };
    const ops = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.nat(100), fc.integer({ min: 0x20, max: 0x7e })), {
      minLength: 1,
      maxLength: 4,
    });
    let failures = 0;
    fc.assert(
      fc.property(fc.nat(tracks.length - 1), ops, (k, o) => {
        const { track1, track2 } = tracks[k]!;
        for (const [text, parse] of [
          [mutate(track1, o), parseTrack1],
          [mutate(track2, o), parseTrack2],
        ] as const) {
          try {
            parse(text);
          } catch (e) {
            failures++;
            expect(e).toBeInstanceOf(CardError);
          }
        }
      }),
      { numRuns: 500 },
    );
    // The mutations must actually reach the error paths, or this test proves nothing.
    expect(failures).toBeGreaterThan(100);
  });
});

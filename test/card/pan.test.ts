import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  BIN_RANGES,
  binRangeOf,
  brandOf,
  type CardError,
  luhnCheckDigit,
  luhnValid,
  maskPan,
  maskTrack,
  panLengthValid,
  redactCardData,
  TEST_CARDS,
  testCardTracks,
} from "../../src/card/index.js";
import { isCardwireError } from "../../src/errors/index.js";

/** Brand vectors: one row per BIN range edge, source = the range table the task and network guides give. */
const BRAND_VECTORS = [
  ["4111111111111111", "visa"],
  ["5100000000000000", "mastercard"],
  ["5599999999999999", "mastercard"],
  ["2221000000000000", "mastercard"],
  ["2720999999999999", "mastercard"],
  ["2220999999999999", "unknown"],
  ["2721000000000000", "unknown"],
  ["340000000000000", "amex"],
  ["370000000000000", "amex"],
  ["350000000000000", "unknown"],
  ["6011000000000000", "discover"],
  ["6440000000000000", "discover"],
  ["6490000000000000", "discover"],
  ["6500000000000000", "discover"],
  ["6221260000000000", "discover"],
  ["6229250000000000", "discover"],
  ["6221250000000000", "unionpay"],
  ["6229260000000000", "unionpay"],
  ["6200000000000000", "unionpay"],
  ["8100000000000000", "unionpay"],
  ["3528000000000000", "jcb"],
  ["3589000000000000", "jcb"],
  ["3527000000000000", "unknown"],
  ["30000000000000", "diners"],
  ["30500000000000", "diners"],
  ["30600000000000", "unknown"],
  ["36000000000000", "diners"],
  ["3800000000000000", "diners"],
  ["3900000000000000", "diners"],
  ["5018000000000000", "maestro"],
  ["5600000000000000", "maestro"],
  ["5800000000000000", "maestro"],
  ["6304000000000000", "maestro"],
  ["6390000000000000", "maestro"],
  ["6759000000000000", "maestro"],
  ["6767700000000000", "maestro"],
  ["6767740000000000", "maestro"],
  ["6767710000000000", "unknown"],
  ["9999999999999999", "unknown"],
  ["41111x", "unknown"],
  ["", "unknown"],
] as const;

describe("brandOf", () => {
  it.each(BRAND_VECTORS)("%s → %s", (pan, brand) => {
    expect(brandOf(pan)).toBe(brand);
  });

  it("every test card's brand matches its row, and every brand has a test card", () => {
    for (const c of TEST_CARDS) expect([c.id, brandOf(c.pan)]).toEqual([c.id, c.brand]);
    const brands = new Set(BIN_RANGES.map((r) => r.brand));
    expect(new Set(TEST_CARDS.map((c) => c.brand))).toEqual(brands);
    expect(brands.size).toBe(8);
  });

  it("resolves overlaps by the longest prefix (table rows of equal length never overlap)", () => {
    // 622126 is inside UnionPay's 62 and Discover's 622126–622925: the 6-digit row wins.
    expect(binRangeOf("6221261234567890")?.digits).toBe(6);
    for (const r of BIN_RANGES) {
      const lo = String(r.from).padEnd(16, "0");
      expect(brandOf(lo)).toBe(r.brand);
      expect(r.description.length).toBeGreaterThan(0);
    }
  });

  it("knows each brand's PAN lengths", () => {
    expect(panLengthValid("4222222222222")).toBe(true);
    expect(panLengthValid("41111111111111")).toBe(false); // Visa does not issue 14
    expect(panLengthValid("378282246310005")).toBe(true);
    expect(panLengthValid("3782822463100050")).toBe(false); // Amex is 15 only
    expect(panLengthValid("99999999")).toBe(true); // unknown brand: ISO 7812 8–19
    expect(panLengthValid("9999999")).toBe(false);
  });
});

describe("Luhn (ISO/IEC 7812-1 Annex B)", () => {
  it("accepts every published test PAN", () => {
    for (const c of TEST_CARDS) expect([c.id, luhnValid(c.pan)]).toEqual([c.id, true]);
  });

  it.each([
    ["79927398713", true], // the worked example in most Luhn references
    ["79927398710", false],
    ["4111111111111112", false],
    ["0", false],
    ["", false],
    ["4111 1111 1111 1111", false],
  ])("luhnValid(%j) = %s", (pan, want) => {
    expect(luhnValid(pan)).toBe(want);
  });

  it("computes the check digit of the published PANs", () => {
    for (const c of TEST_CARDS) expect(luhnCheckDigit(c.pan.slice(0, -1))).toBe(c.pan.slice(-1));
    expect(luhnCheckDigit("7992739871")).toBe("3");
  });

  it("rejects a non-digit partial PAN with card.pan at its offset", () => {
    try {
      luhnCheckDigit("41a1");
      expect.unreachable();
    } catch (e) {
      expect(isCardwireError(e, "card.pan")).toBe(true);
      expect((e as CardError).offset).toBe(2);
    }
  });

  it("property: appending the check digit always validates; changing any one digit never does", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,18}$/),
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (partial, pos, delta) => {
          const pan = partial + luhnCheckDigit(partial);
          expect(luhnValid(pan)).toBe(true);
          const i = pos % pan.length;
          const changed = pan.slice(0, i) + String((Number(pan[i]) + delta) % 10) + pan.slice(i + 1);
          expect(luhnValid(changed)).toBe(false);
        },
      ),
    );
  });
});

describe("masking (PCI DSS 3.4: first 6, last 4)", () => {
  it.each([
    ["4111111111111111", "411111******1111"],
    ["378282246310005", "378282*****0005"],
    ["36227206271667", "362272****1667"],
    ["4222222222222", "422222***2222"],
    ["6205500000000000004", "620550*********0004"],
    ["123456789012", "********9012"],
    ["1234", "****"],
    ["", ""],
  ])("maskPan(%s) = %s", (pan, masked) => {
    expect(maskPan(pan)).toBe(masked);
  });

  it("masks every test card's tracks: no PAN and no discretionary data survive", () => {
    for (const c of TEST_CARDS) {
      const { track1, track2 } = testCardTracks(c);
      const masked = maskTrack(track1 + track2);
      expect(masked).not.toContain(c.pan);
      expect(masked).not.toContain(c.discretionary);
      expect(masked).toContain(maskPan(c.pan));
      expect(masked).toContain(c.name); // the name is not card data PCI requires masking
      expect(masked.length).toBe(track1.length + track2.length);
    }
  });

  it("maskTrack still hides digits in a malformed or truncated track", () => {
    const truncated = ";4111111111111111=30121011";
    const masked = maskTrack(truncated);
    expect(masked).not.toContain("4111111111111111");
    expect(masked).not.toContain("411111111111");
    expect(maskTrack("%B4111111111111111^X^3012?")).not.toContain("4111111111111111");
  });

  it("a malformed track's readable digits never add up to a Luhn-valid number redactCardData would mask", () => {
    // Found by the wedge fuzz (CI, session 3): a space in the service code makes Track 2 unparseable, so
    // only runs of 8+ digits were hidden, and "301210 1000000" reads as the Luhn-valid 3012101000000.
    const masked = maskTrack(";4111111111111111=301210 1000000%00?");
    expect(masked).toBe(";************1111=301210 ***0000%00?");
    expect(redactCardData(masked)).toBe(masked);
  });

  it("property: whatever maskTrack returns, redactCardData leaves alone; redactCardData is idempotent", () => {
    // An alphabet dense in digits, separators and sentinels, so windows of grouped digits are common.
    const text = fc.array(fc.constantFrom(..."0123456789 -*;=?%B^"), { maxLength: 80 }).map((a) => a.join(""));
    fc.assert(
      fc.property(text, (s) => {
        const masked = maskTrack(s);
        expect(redactCardData(masked)).toBe(masked);
        const redacted = redactCardData(s);
        expect(redactCardData(redacted)).toBe(redacted);
      }),
      { numRuns: 5000 },
    );
  });

  it("redactCardData masks Luhn-valid PANs in free text, grouped or not, and leaves other numbers", () => {
    const line =
      "paid with 4111111111111111, then 5555-5555-5555-4444 and 3782 822463 10005; order 4111111111111112 at 20240101120000";
    expect(redactCardData(line)).toBe(
      "paid with 411111******1111, then 5555-55**-****-4444 and 3782 82**** *0005; order 4111111111111112 at 20240101120000",
    );
  });

  it("property: no Luhn-valid 13–19 digit PAN survives redactCardData, whatever surrounds it", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{12,18}$/),
        fc.string({ maxLength: 20 }),
        fc.string({ maxLength: 20 }),
        (partial, before, after) => {
          const pan = partial + luhnCheckDigit(partial);
          const text = `${before.replace(/[0-9]$/, "")} ${pan} ${after.replace(/^[0-9]/, "")}`;
          expect(redactCardData(text)).not.toContain(pan);
        },
      ),
    );
  });

  it("property: masking never throws, on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 120 }), (s) => {
        expect(typeof maskTrack(s)).toBe("string");
        expect(typeof redactCardData(s)).toBe("string");
        expect(maskPan(s).length).toBe(s.length);
      }),
    );
  });
});

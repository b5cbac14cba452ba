import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex } from "../../src/bytes/index.js";
import { decodeTlv } from "../../src/emv/index.js";
import { isCardwireError } from "../../src/errors/index.js";
import { describeMessage, getSpec, packMessage, unpackMessage } from "../../src/iso8583/index.js";
import type { ChipEvent } from "../../src/reader/index.js";
import { amountOf } from "../../src/terminal/amount.js";
import { cardDataOf, maskedPanOf, matchKey, redactMessage, responseMtiFor } from "../../src/terminal/message.js";
import {
  buildCardRequest,
  buildCompletion,
  buildEcho,
  buildReversal,
  identityFields,
  TRACK1_FIELD_MAX,
  track1Field,
  track2Field,
} from "../../src/terminal/request.js";
import { swipeOf } from "./fixtures.js";
import { buildTrack1, cardFromTracks, luhnCheckDigit, testCard, testCardTracks } from "../../src/card/index.js";
import type { SwipeEvent } from "../../src/reader/index.js";

const identity = { terminalId: "TERM0001", merchantId: "MERCHANT000001" };
// 2024-07-01 14:30:05 UTC; acceptor at UTC-4.
const stamp = { stan: 123, at: new Date(Date.UTC(2024, 6, 1, 14, 30, 5)), offsetMinutes: -240 };

describe("buildCardRequest", () => {
  it("builds the exact 0200 for a Visa test swipe", () => {
    const m = buildCardRequest("sale", swipeOf("visa"), amountOf(1234, "USD"), identity, stamp);
    expect(m.mti).toBe("0200");
    expect(m.fields).toEqual({
      2: "4111111111111111",
      3: "000000",
      4: "000000001234",
      7: "0701143005",
      11: "000123",
      12: "103005",
      13: "0701",
      14: "3012",
      22: "902",
      25: "00",
      35: "4111111111111111=30121011000000000",
      37: "4183" + "10" + "000123",
      41: "TERM0001",
      42: "MERCHANT000001 ",
      49: "840",
    });
  });

  it("refund uses processing code 20, preauth MTI 0100, and DE 35 only when asked", () => {
    const refund = buildCardRequest("refund", swipeOf("mastercard"), amountOf(500, "EUR"), identity, stamp);
    expect(refund.mti).toBe("0200");
    expect(refund.fields[3]).toBe("200000");
    expect(refund.fields[49]).toBe("978");
    const pre = buildCardRequest("preauth", swipeOf("visa"), amountOf(500, "JPY"), identity, stamp, {
      includePan: false,
    });
    expect(pre.mti).toBe("0100");
    expect(pre.fields[2]).toBeUndefined();
    expect(pre.fields[35]).toMatch(/^4111111111111111=/);
    expect(pre.fields[49]).toBe("392");
  });

  it("DE 22 follows the entry method and PIN capability (ISO 8583:1987 Annex A)", () => {
    const a = amountOf(100, "USD");
    // A chip read's TLV as a kernel produces it: terminal data + the card's GENERATE AC answer + 5A (dropped).
    const tlv = fromHex(
      [
        "9F0206000000000100",
        "9F0306000000000000",
        "9F1A020840",
        "95050000000000",
        "5F2A020840",
        "9A03250615",
        "9C0100",
        "9F3704A1B2C3D4",
        "82021800",
        "9F36020001",
        "9F10070601000" + "3A00000",
        "9F270180",
        "9F26081122334455667788",
        "5A084000056655665556",
        "5F340101",
      ].join(""),
    );
    const card = swipeOf("visa-chip").card!;
    const chip: ChipEvent = { type: "chip", readerId: "r", at: 0, tlv, card };
    const tap: ChipEvent = { ...chip, type: "tap" };
    expect(
      buildCardRequest("sale", swipeOf("visa"), a, identity, stamp, { pinCapability: "can_accept" }).fields[22],
    ).toBe("901");
    expect(buildCardRequest("sale", swipeOf("visa-chip"), a, identity, stamp, { fallback: true }).fields[22]).toBe(
      "802",
    );
    const c = buildCardRequest("sale", chip, a, identity, stamp);
    expect(c.fields[22]).toBe("052");
    const de55 = decodeTlv(c.fields[55] as Uint8Array).map((t) => t.tag.toString(16).toUpperCase());
    // buildDe55 order (DE55_AUTH_TAGS), the PAN (5A) left out: DE 2 carries it.
    expect(de55).toEqual([
      "9F26",
      "9F27",
      "9F10",
      "9F37",
      "9F36",
      "95",
      "9A",
      "9C",
      "9F02",
      "5F2A",
      "82",
      "9F1A",
      "9F03",
      "5F34",
    ]);
    const partial: ChipEvent = { ...chip, tlv: Uint8Array.of(0x9f, 0x02, 0x06, 0, 0, 0, 0, 1, 0) };
    expect(() => buildCardRequest("sale", partial, a, identity, stamp)).toThrow(
      expect.objectContaining({ code: "terminal.card", field: "DE 55.9F26" }),
    );
    expect(c.fields[2]).toBe(card.pan);
    expect(buildCardRequest("sale", tap, a, identity, stamp).fields[22]).toBe("072");
  });

  it("rejects a card event without clear card data, and bad identities", () => {
    const { card: _c, ...encryptedOnly } = swipeOf("visa");
    expect(() => buildCardRequest("sale", encryptedOnly, amountOf(1, "USD"), identity, stamp)).toThrow(
      expect.objectContaining({ code: "terminal.card" }),
    );
    expect(() => identityFields({ terminalId: "TOO-LONG-ID", merchantId: "M" })).toThrow(
      expect.objectContaining({ code: "terminal.config", field: "DE 41" }),
    );
    expect(() => identityFields({ terminalId: "T1", merchantId: "" })).toThrow(
      expect.objectContaining({ code: "terminal.config", field: "DE 42" }),
    );
  });

  it("track2Field strips sentinels and LRC and rejects non-track text without echoing it", () => {
    expect(track2Field(";4111111111111111=30121011000000000?")).toBe("4111111111111111=30121011000000000");
    expect(track2Field(";4111111111111111=3012?5")).toBe("4111111111111111=3012");
    try {
      track2Field(";4111111111111111x3012?");
      expect.unreachable();
    } catch (e) {
      expect(isCardwireError(e, "terminal.card")).toBe(true);
      expect((e as Error).message).not.toContain("4111111111111111");
    }
  });
});

/** A swipe whose head read only the given tracks of a test card (e.g. an audio-jack head on Track 1). */
function swipeWith(id: string, which: readonly ("track1" | "track2")[]): SwipeEvent {
  const all = testCardTracks(testCard(id));
  const tracks = Object.fromEntries(which.map((t) => [t, all[t]]));
  return { type: "swipe", readerId: "sim-1", at: 0, tracks, card: cardFromTracks(tracks) };
}

describe("DE 45 (Track 1 data, ISO 8583:1987 ans..76 LLVAR)", () => {
  const a = amountOf(1234, "USD");

  it("a Track-1-only swipe sends DE 2 + DE 14 + DE 45, never DE 35", () => {
    const m = buildCardRequest("sale", swipeWith("visa", ["track1"]), a, identity, stamp);
    const t1 = testCardTracks(testCard("visa")).track1!;
    expect(m.fields[45]).toBe(t1.slice(1, -1)); // no "%" and no "?"
    expect(m.fields[45]).toMatch(/^B4111111111111111\^/);
    expect(m.fields[2]).toBe("4111111111111111");
    expect(m.fields[14]).toBe("3012");
    expect(m.fields[35]).toBeUndefined();
    expect(m.fields[22]).toBe("902");
  });

  it("includePan: false on a Track-1-only swipe sends DE 45 without DE 2; the PAN is still found in DE 45", () => {
    const m = buildCardRequest("sale", swipeWith("visa", ["track1"]), a, identity, stamp, { includePan: false });
    expect(m.fields[2]).toBeUndefined();
    expect(m.fields[45]).toMatch(/^B4111111111111111\^/);
    expect(cardDataOf(m)).toEqual({ pan: "4111111111111111", expiry: "3012" });
    expect(maskedPanOf(m)).toBe("411111******1111");
  });

  it("with both tracks: DE 35 only, DE 45 too only with includeTrack1", () => {
    const both = swipeWith("mastercard", ["track1", "track2"]);
    const plain = buildCardRequest("sale", both, a, identity, stamp);
    expect(plain.fields[35]).toMatch(/^5555555555554444=/);
    expect(plain.fields[45]).toBeUndefined();
    const withT1 = buildCardRequest("sale", both, a, identity, stamp, { includeTrack1: true });
    expect(withT1.fields[35]).toBe(plain.fields[35]);
    expect(withT1.fields[45]).toMatch(/^B5555555555554444\^TEST\/MASTERCARD/);
    const t2only = buildCardRequest("sale", swipeWith("mastercard", ["track2"]), a, identity, stamp, {
      includeTrack1: true,
    });
    expect(t2only.fields[45]).toBeUndefined();
  });

  it("packs and unpacks through iso87ascii as LLVAR, and describe/redact never show it", () => {
    const spec = getSpec("iso87ascii");
    expect(spec.fields[45]).toMatchObject({ type: "ans", lengthType: "LL", length: TRACK1_FIELD_MAX, mask: "track1" });
    const m = buildCardRequest("sale", swipeWith("amex", ["track1"]), a, identity, stamp);
    const de45 = m.fields[45] as string;
    const packed = packMessage(spec, m);
    const ascii = new TextDecoder().decode(packed);
    expect(ascii).toContain(`${String(de45.length).padStart(2, "0")}${de45}`);
    expect(unpackMessage(spec, packed).fields[45]).toBe(de45);
    const text = describeMessage(spec, m);
    expect(text).toContain("track 1");
    expect(text).not.toContain(de45);
    expect(text).not.toContain("378282246310005");
    const red = redactMessage(m);
    expect(red.fields[45]).toBe(`[redacted ${de45.length} chars]`);
    expect(JSON.stringify(red)).not.toContain("378282246310005");
  });

  it("track1Field strips sentinels and LRC, enforces ans..76 and never echoes the track", () => {
    expect(track1Field("%B4111111111111111^DOE/JOHN^3012101?")).toBe("B4111111111111111^DOE/JOHN^3012101");
    expect(track1Field("%B4111111111111111^DOE/JOHN^3012101?;")).toBe("B4111111111111111^DOE/JOHN^3012101");
    const longest = `%B4111111111111111^${"A".repeat(26)}^3012101${"0".repeat(TRACK1_FIELD_MAX - 52)}?`;
    expect(track1Field(longest)).toHaveLength(TRACK1_FIELD_MAX);
    const tooLong = longest.replace("?", "0?"); // 79 with sentinels: ISO 7813 counts the LRC too
    for (const bad of ["%A4111111111111111^DOE/JOHN^3012?", "%B4111111111111111=3012?", tooLong, "%B^NAME^?"]) {
      try {
        track1Field(bad);
        expect.unreachable(bad);
      } catch (e) {
        expect(isCardwireError(e, "terminal.card")).toBe(true);
        expect((e as { field?: string }).field).toBe("DE 45");
        expect((e as Error).message).not.toContain("4111111111111111");
      }
    }
  });
});

describe("DE 45 properties", () => {
  const spec = getSpec("iso87ascii");
  const pan = fc.stringMatching(/^[1-9][0-9]{11,17}$/).map((p) => p + luhnCheckDigit(p));
  const name = fc.stringMatching(/^[A-Z][A-Z /.]{0,24}[A-Z]$/);

  it("any valid Track 1 becomes DE 45 without sentinels, fits ans..76 or is refused, and packs round trip", () => {
    fc.assert(
      fc.property(pan, name, fc.stringMatching(/^[0-9]{0,30}$/), (p, n, disc) => {
        const raw = buildTrack1({ pan: p, name: n, expiry: "3012", serviceCode: "101", discretionary: disc });
        const body = raw.slice(1, -1);
        if (body.length > TRACK1_FIELD_MAX) {
          expect(() => track1Field(raw)).toThrow(expect.objectContaining({ code: "terminal.card", field: "DE 45" }));
          return;
        }
        expect(track1Field(raw)).toBe(body);
        const m = { mti: "0200", fields: { 2: p, 45: body } };
        expect(unpackMessage(spec, packMessage(spec, m)).fields[45]).toBe(body);
      }),
    );
  });

  it("arbitrary text only ever throws terminal.card, and never echoes its input", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 100 }),
          fc.string({ maxLength: 90 }).map((t) => `%B${t}?`),
        ),
        (t) => {
          try {
            const out = track1Field(t);
            expect(out).toMatch(/^B\d{1,19}\^/);
            expect(out.length).toBeLessThanOrEqual(TRACK1_FIELD_MAX);
          } catch (e) {
            expect(isCardwireError(e, "terminal.card")).toBe(true);
            if (t.length > 8) expect((e as Error).message).not.toContain(t);
          }
        },
      ),
    );
  });
});

describe("reversal, completion, echo", () => {
  const original = {
    mti: "0200",
    stan: "000123",
    transmissionDateTime: "0701143005",
    rrn: "418310000123",
    processingCode: "000000",
    amount: amountOf(1234, "USD"),
    authCode: "A1B2C3",
  };
  const later = { ...stamp, stan: 124, at: new Date(Date.UTC(2024, 6, 1, 14, 30, 35)) };

  it("0400 carries DE 90 = MTI + STAN + DE 7 + 22 zeros, the original RRN, no card data", () => {
    const r = buildReversal(original, identity, later);
    expect(r.mti).toBe("0400");
    expect(r.fields[90]).toBe(`02000001230701143005${"0".repeat(22)}`); // MTI, STAN, DE 7, two zero-filled ids
    expect((r.fields[90] as string).length).toBe(42);
    expect(r.fields[11]).toBe("000124");
    expect(r.fields[7]).toBe("0701143035");
    expect(r.fields[37]).toBe("418310000123");
    expect(r.fields[4]).toBe("000000001234");
    for (const de of [2, 14, 35, 45, 52, 55]) expect(r.fields[de]).toBeUndefined();
  });

  it("0220 completion references the preauth and carries its auth code", () => {
    const c = buildCompletion({ ...original, mti: "0100" }, amountOf(1000, "USD"), identity, later);
    expect(c.mti).toBe("0220");
    expect(c.fields[4]).toBe("000000001000");
    expect(c.fields[38]).toBe("A1B2C3");
    expect((c.fields[90] as string).slice(0, 4)).toBe("0100");
  });

  it("0800 echo has DE 70 301", () => {
    const e = buildEcho(identity, later);
    expect(e).toEqual({ mti: "0800", fields: { 7: "0701143035", 11: "000124", 41: "TERM0001", 70: "301" } });
  });
});

describe("message helpers", () => {
  it("response MTIs (ISO 8583:1987 §4.1)", () => {
    expect(["0100", "0200", "0220", "0400", "0401", "0420", "0421", "0800"].map(responseMtiFor)).toEqual([
      "0110",
      "0210",
      "0230",
      "0410",
      "0410",
      "0430",
      "0430",
      "0810",
    ]);
    expect(() => responseMtiFor("02x0")).toThrow(expect.objectContaining({ code: "terminal.response" }));
  });

  it("a request and its response share a match key; a reversal's response does not match the sale", () => {
    const req = buildCardRequest("sale", swipeOf("visa"), amountOf(1, "USD"), identity, stamp);
    expect(matchKey(req, false)).toBe(
      matchKey({ mti: "0210", fields: { 11: "000123", 41: "TERM0001", 39: "00" } }, true),
    );
    expect(matchKey(req, false)).not.toBe(matchKey({ mti: "0410", fields: { 11: "000123", 41: "TERM0001" } }, true));
  });

  it("redactMessage masks DE 2 and drops tracks, PIN block and ICC data", () => {
    const req = buildCardRequest("sale", swipeOf("visa"), amountOf(1, "USD"), identity, stamp);
    const r = redactMessage({ ...req, fields: { ...req.fields, 52: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) } });
    expect(r.fields[2]).toBe("411111******1111");
    expect(r.fields[35]).toBe("[redacted 34 chars]");
    expect(r.fields[52]).toBe("[redacted 8 bytes]");
    expect(JSON.stringify(r)).not.toContain("4111111111111111");
    expect(req.fields[2]).toBe("4111111111111111"); // the input is not touched
  });
});

describe("cardDataOf: PAN and expiry from DE 2/14, DE 35 or DE 45", () => {
  const msg = (fields: Record<number, string>) => ({ mti: "0200", fields });
  const t1 = (id: string) => testCardTracks(testCard(id)).track1.slice(1, -1);

  it.each([
    ["DE 2 + DE 14", { 2: "4111111111111111", 14: "2912" }, { pan: "4111111111111111", expiry: "2912" }],
    ["DE 35 with =", { 35: "5555555555554444=30121011000000000" }, { pan: "5555555555554444", expiry: "3012" }],
    ["DE 35 with D", { 35: "5555555555554444D30121011000000000" }, { pan: "5555555555554444", expiry: "3012" }],
    ["DE 45 (no sentinels)", { 45: "B378282246310005^TEST/AMEX^3012101" }, { pan: "378282246310005", expiry: "3012" }],
    ["DE 45 without expiry (^ placeholder)", { 45: "B4111111111111111^TEST/VISA^^^" }, { pan: "4111111111111111" }],
    [
      "DE 2 + DE 45: expiry from the track",
      { 2: "4111111111111111", 45: "B4111111111111111^A/B^2811101" },
      {
        pan: "4111111111111111",
        expiry: "2811",
      },
    ],
    [
      "DE 2 + a DE 45 of another PAN: no expiry",
      { 2: "4111111111111111", 45: "B5555555555554444^A/B^2811101" },
      {
        pan: "4111111111111111",
      },
    ],
    ["DE 45 with sentinels left in: not Track 1 text", { 45: "%B4111111111111111^A/B^2811101?" }, {}],
    ["DE 45 that is not format B", { 45: "A4111111111111111^A/B^2811" }, {}],
    ["nothing", {}, {}],
  ])("%s", (_name, fields, expected) => {
    expect(cardDataOf(msg(fields))).toEqual(expected);
  });

  it("every test card's Track 1 field yields its PAN and expiry", () => {
    for (const c of ["visa", "amex", "diners", "unionpay-19", "visa-13"]) {
      const card = testCard(c);
      expect(cardDataOf(msg({ 45: t1(c) }))).toEqual({ pan: card.pan, expiry: card.expiry });
    }
  });

  it("arbitrary DE 35/45 text never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 40 }), (a, b) => {
        const d = cardDataOf(msg({ 45: a, 35: b }));
        expect(d.pan === undefined || /^\d+$/.test(d.pan)).toBe(true);
      }),
    );
  });
});

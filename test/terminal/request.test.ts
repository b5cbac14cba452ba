import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import type { ChipEvent } from "../../src/reader/index.js";
import { amountOf } from "../../src/terminal/amount.js";
import { matchKey, redactMessage, responseMtiFor } from "../../src/terminal/message.js";
import {
  buildCardRequest,
  buildCompletion,
  buildEcho,
  buildReversal,
  identityFields,
  track2Field,
} from "../../src/terminal/request.js";
import { swipeOf } from "./fixtures.js";

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
    const tlv = Uint8Array.of(0x9f, 0x02, 0x06, 0, 0, 0, 0, 1, 0);
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
    expect(c.fields[55]).toEqual(tlv);
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

/**
 * CRC-16/CCITT-FALSE against the catalogue check value, hand-computed
 * vectors, and the NEO 2 vectors of READERS.md (read from ../shared when it
 * is there). Coverage rule (IDG §3.4, recomputed below): the CRC runs over
 * the whole frame from the first header byte ("V" of "ViVOtech2\0") to the
 * last data byte; the two CRC bytes themselves are not covered.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes, crc16CcittFalse, crc16CcittFalseUpdate, fromHex, latin1ToBytes } from "../../src/bytes/index.js";
import { readersCrcVectors } from "../drivers/neo2/readers-md.js";

const HEADER = latin1ToBytes("ViVOtech2\0");
const vectors = readersCrcVectors();

describe("crc16CcittFalse", () => {
  it('has the catalogue check value: "123456789" → 0x29B1', () => {
    expect(crc16CcittFalse(latin1ToBytes("123456789"))).toBe(0x29b1);
  });

  it("matches hand-computed registers", () => {
    // Empty input: the register is never shifted, so the result is the init value 0xFFFF.
    expect(crc16CcittFalse(new Uint8Array(0))).toBe(0xffff);
    // One byte 0x00: register 0xFFFF, top byte 0xFF ^ 0x00 = 0xFF → table[0xFF] = 0x1EF0;
    // new register = (0xFFFF << 8 & 0xFFFF) ^ 0x1EF0 = 0xFF00 ^ 0x1EF0 = 0xE1F0.
    expect(crc16CcittFalse(new Uint8Array([0x00]))).toBe(0xe1f0);
    // One byte 0xFF: top byte 0xFF ^ 0xFF = 0x00 → table[0] = 0; register = 0xFF00 ^ 0 = 0xFF00.
    expect(crc16CcittFalse(new Uint8Array([0xff]))).toBe(0xff00);
    // Appending a message's own CRC MSB first drives a non-reflected, no-xorout CRC to 0 (residue 0x0000).
    const msg = latin1ToBytes("123456789");
    expect(crc16CcittFalse(concatBytes(msg, new Uint8Array([0x29, 0xb1])))).toBe(0);
  });

  it("honours start/end and continues across pieces", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (b, k) => {
        const cut = b.length === 0 ? 0 : k % (b.length + 1);
        expect(crc16CcittFalseUpdate(crc16CcittFalse(b, 0, cut), b, cut)).toBe(crc16CcittFalse(b));
        expect(crc16CcittFalse(b, cut)).toBe(crc16CcittFalse(b.slice(cut)));
      }),
    );
  });

  it("NEO 2 ping vectors inline: the CRC covers header + cmd + sub/status + length + data", () => {
    // Hand-checked against READERS.md rows 1 and 2 so these run without ../shared.
    expect(crc16CcittFalse(concatBytes(HEADER, fromHex("18010000")))).toBe(0xcdb3);
    expect(crc16CcittFalse(concatBytes(HEADER, fromHex("18000000")))).toBe(0xfa83);
    // Without the header the same body gives a different value: the header is covered.
    expect(crc16CcittFalse(fromHex("18010000"))).not.toBe(0xcdb3);
  });

  it("the async UI event row (flagged *): its CRC covers only the 9 printed bytes, no header", () => {
    // Finding: 0x28B6 is the CRC of `45 00 55 00 04 01 11 00 00` alone. With "ViVOtech2\0"
    // prepended the CRC is 0x75D9, and no split of the printed bytes (dropping 0–3 bytes
    // at either end as header) reproduces 0x28B6. So the IDG printed a CRC computed
    // without the 10 header bytes for this one frame; a header-covering decoder rejects it.
    const body = fromHex("450055000401110000");
    expect(crc16CcittFalse(body)).toBe(0x28b6);
    expect(crc16CcittFalse(concatBytes(HEADER, body))).toBe(0x75d9);
    for (let front = 0; front < 4; front++) {
      for (let back = 0; back < 4; back++) {
        expect(crc16CcittFalse(concatBytes(HEADER, body.subarray(front, body.length - back)))).not.toBe(0x28b6);
      }
    }
  });

  describe.skipIf(vectors === undefined)("READERS.md NEO 2 vectors (../shared)", () => {
    it("found the table", () => {
      expect(vectors!.length).toBeGreaterThanOrEqual(6);
    });
    for (const v of vectors ?? []) {
      it(`${v.label} → 0x${v.crc.toString(16).toUpperCase()}`, () => {
        const covered = v.flagged ? v.body : concatBytes(HEADER, v.body);
        expect(crc16CcittFalse(covered)).toBe(v.crc);
      });
    }
  });
});

/**
 * Long text fields (48 characters and up) take a native path: one RegExp test and
 * TextEncoder/TextDecoder instead of a per-character loop. These tests pin that it
 * accepts and rejects exactly what the per-character path does, with the same
 * error text and offsets, on pack and on unpack, validated or not.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import { getSpec, type IsoMessage, packMessage, unpackMessage } from "../../src/iso8583/index.js";

// DE 55 as ans LLLVAR text (jPOS IFA_LLLCHAR): the hex-text ICC data of the iso_8583 dialect.
const spec = getSpec("iso87ascii-jpos");
const ANS = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
/** Characters outside ans: controls, DEL, Latin-1 above 0x7F, beyond Latin-1, a lone surrogate. */
const OUTSIDE = ["\n", "\u0000", "\u007f", "\u0080", "\u00e9", "\u00ff", "\u0100", "\u20ac", "\ud800"];
/** MTI (4) + hex bitmap (16) + LLL prefix (3): where DE 55's first character sits when it is the only field. */
const DATA_AT = 23;

function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (!isCardwireError(e)) throw e;
    return { code: e.code, message: e.message };
  }
  throw new Error("expected a throw");
}

function firstOutside(s: string): number {
  for (let i = 0; i < s.length; i++) if (!ANS.includes(s[i] as string)) return i;
  return -1;
}

const textArb = fc
  .array(fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...ANS) }, fc.constantFrom(...OUTSIDE)), {
    minLength: 0,
    maxLength: 320,
  })
  .map((cs) => cs.join(""));

describe("long text fields: same verdicts as the per-character path", () => {
  it("pack names the first refused character, short or long", () => {
    for (const len of [10, 47, 48, 300]) {
      const s = `${"A".repeat(len - 3)}\u00e9BC`;
      expect(thrown(() => packMessage(spec, { mti: "0200", fields: { 55: s } }))).toEqual({
        code: "iso8583.charset",
        message: `DE 55: character ${len - 2} not allowed in type ans at offset 20`,
      });
    }
  });

  it("pack: any string packs and round-trips, or fails naming its first refused character", () => {
    fc.assert(
      fc.property(textArb, (s) => {
        const m: IsoMessage = { mti: "0200", fields: { 55: s } };
        const bad = firstOutside(s);
        if (bad < 0) {
          expect(unpackMessage(spec, packMessage(spec, m))).toEqual(m);
        } else {
          expect(thrown(() => packMessage(spec, m))).toEqual({
            code: "iso8583.charset",
            message: `DE 55: character ${bad + 1} not allowed in type ans at offset 20`,
          });
        }
      }),
      { numRuns: 400 },
    );
  });

  it("unpack: one changed byte is accepted exactly when ans allows it, else named by its offset", () => {
    const good = packMessage(spec, { mti: "0200", fields: { 55: "9F2608A1B2C3D4E5F60708".repeat(13) } });
    const dataLength = good.length - DATA_AT;
    expect(dataLength).toBe(286);
    fc.assert(
      fc.property(fc.nat({ max: dataLength - 1 }), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const bytes = good.slice();
        bytes[DATA_AT + at] = byte;
        if (byte >= 0x20 && byte <= 0x7e) {
          const s = unpackMessage(spec, bytes).fields[55] as string;
          expect(s.length).toBe(dataLength);
          expect(s.charCodeAt(at)).toBe(byte);
        } else {
          expect(thrown(() => unpackMessage(spec, bytes))).toEqual({
            code: "iso8583.charset",
            message: `DE 55: character not allowed in type ans at offset ${DATA_AT + at}`,
          });
        }
      }),
      { numRuns: 400 },
    );
  });

  it("unpack refuses a UTF-8 byte order mark or a multi-byte sequence in a long field, at its first byte", () => {
    const good = packMessage(spec, { mti: "0200", fields: { 55: "A".repeat(60) } });
    for (const [at, seq] of [
      [0, [0xef, 0xbb, 0xbf]],
      [10, [0xc3, 0xa9]],
    ] as const) {
      const bytes = good.slice();
      bytes.set(seq, DATA_AT + at);
      expect(thrown(() => unpackMessage(spec, bytes))).toEqual({
        code: "iso8583.charset",
        message: `DE 55: character not allowed in type ans at offset ${DATA_AT + at}`,
      });
    }
  });

  it("unpack with validate: false keeps every byte as its Latin-1 character, long or short", () => {
    for (const len of [20, 48, 300]) {
      const payload = Array.from({ length: len }, (_, i) => (i * 37 + 0x80) & 0xff);
      const prefix = Array.from(String(len).padStart(3, "0"), (ch) => ch.charCodeAt(0));
      const head = Array.from("02000000000000000200", (ch) => ch.charCodeAt(0));
      const bytes = Uint8Array.from([...head, ...prefix, ...payload]);
      const s = unpackMessage(spec, bytes, { validate: false }).fields[55] as string;
      expect(Array.from(s, (ch) => ch.charCodeAt(0))).toEqual(payload);
    }
  });

  it("pack with validate: false writes Latin-1 above 0x7F as one byte each, and refuses beyond Latin-1", () => {
    const s = "\u00e9".repeat(60);
    const bytes = packMessage(spec, { mti: "0200", fields: { 55: s } }, { validate: false });
    expect(Array.from(bytes.subarray(DATA_AT))).toEqual(new Array(60).fill(0xe9));
    expect(thrown(() => packMessage(spec, { mti: "0200", fields: { 55: `${s}\u0100` } }, { validate: false }))).toEqual(
      { code: "iso8583.charset", message: "DE 55: character 61 not allowed in type ans at offset 20" },
    );
  });
});

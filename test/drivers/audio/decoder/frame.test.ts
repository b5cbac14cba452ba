import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ERASURE, parseFrame } from "../../../../drivers/audio/decoder/frame.js";
import { lrcOf, TRACK_FORMATS, trackFormat } from "../../../../drivers/audio/decoder/tracks.js";
import { encodeTrack } from "../../../../drivers/audio/synth/encode.js";
import { isoBits, T1, T2 } from "../corpus/iso.js";

const T1_DATA = "%B4111111111111111^DOE/JOHN^25121010000000000?";
const T2_DATA = ";4111111111111111=25121010000000000?";

describe("ISO/IEC 7811-2 character framing", () => {
  it("encodes sentinels as the standard's bit patterns (LSB first, odd parity)", () => {
    // ';' = 0x1B-0x10 = 1011b → 1101 + parity 0; '%' = 0x05 → 101000 + parity 1; '?' (T2) = 1111 → 11111.
    const t2 = encodeTrack(2, ";?", { leadingZeros: 0, trailingZeros: 0 });
    expect(Array.from(t2.subarray(0, 10)).join("")).toBe("1101011111");
    const t1 = encodeTrack(1, "%?", { leadingZeros: 0, trailingZeros: 0 });
    expect(Array.from(t1.subarray(0, 7)).join("")).toBe("1010001");
    expect(lrcOf([0x0b, 0x0f])).toBe(0x04);
  });

  it("agrees bit for bit with the corpus's independent encoder", () => {
    expect(Array.from(encodeTrack(1, T1_DATA, { leadingZeros: 20, trailingZeros: 20 })).join("")).toBe(
      isoBits(T1, T1_DATA, 20, 20),
    );
    expect(Array.from(encodeTrack(2, T2_DATA, { leadingZeros: 20, trailingZeros: 20 })).join("")).toBe(
      isoBits(T2, T2_DATA, 20, 20),
    );
  });

  it("has a format table with a description per track", () => {
    expect(TRACK_FORMATS.map((f) => [f.track, f.bpi, f.bits])).toEqual([
      [1, 210, 7],
      [2, 75, 5],
      [3, 210, 5],
    ]);
    for (const f of TRACK_FORMATS) expect(f.description.length).toBeGreaterThan(10);
  });
});

describe("parseFrame", () => {
  const bits = encodeTrack(2, T2_DATA, { leadingZeros: 20, trailingZeros: 20 });

  it("reads a clean frame", () => {
    const r = parseFrame(bits, 0, bits.length, trackFormat(2));
    expect(r).toMatchObject({ status: "ok", data: T2_DATA, corrected: false });
  });

  it("repairs one flipped data bit pinpointed by parity and LRC, and says so", () => {
    const b = bits.slice();
    b[20 + 5 * 3 + 1] = (b[20 + 5 * 3 + 1] ?? 0) ^ 1;
    const r = parseFrame(b, 0, b.length, trackFormat(2));
    expect(r).toMatchObject({ status: "ok", data: T2_DATA, corrected: true });
  });

  it("tolerates one noise 1 in the trailing clocking zeros, never two, nor valid characters after the LRC", () => {
    const lrcEnd = 20 + 5 * (T2_DATA.length + 1);
    const one = bits.slice();
    one[lrcEnd + 3] = 1;
    expect(parseFrame(one, 0, one.length, trackFormat(2))).toMatchObject({ status: "ok", data: T2_DATA });
    const two = one.slice();
    two[lrcEnd + 7] = 1;
    expect(parseFrame(two, 0, two.length, trackFormat(2)).status).not.toBe("ok");
    // Any two valid 5-bit characters after the LRC hold two 1s within the 10 bits checked.
    for (const tail of ["00", "11", "10", "01"]) {
      const t = bits.slice();
      const enc = encodeTrack(2, `;${tail}?`, { leadingZeros: 0, trailingZeros: 0 });
      for (let k = 0; k < 10; k++) t[lrcEnd + k] = enc[5 + k]!;
      expect(parseFrame(t, 0, t.length, trackFormat(2)).status, tail).not.toBe("ok");
    }
  });

  it("repairs one erasure whose value parity and LRC agree on", () => {
    const b = bits.slice();
    b[20 + 5 * 7 + 2] = ERASURE;
    expect(parseFrame(b, 0, b.length, trackFormat(2))).toMatchObject({ status: "ok", data: T2_DATA, corrected: true });
  });

  it("refuses two bad characters (never guesses)", () => {
    const b = bits.slice();
    b[20 + 5 * 3 + 1] = (b[20 + 5 * 3 + 1] ?? 0) ^ 1;
    b[20 + 5 * 9 + 2] = (b[20 + 5 * 9 + 2] ?? 0) ^ 1;
    expect(parseFrame(b, 0, b.length, trackFormat(2)).status).not.toBe("ok");
  });

  it("reports a bad LRC", () => {
    const b = encodeTrack(2, T2_DATA, { leadingZeros: 20, trailingZeros: 20, lrcXor: 0b0011 });
    // Two LRC data bits wrong with good parity: not repairable.
    expect(parseFrame(b, 0, b.length, trackFormat(2)).status).toBe("lrc");
  });

  it("reports truncation when the end sentinel is cut off", () => {
    expect(parseFrame(bits, 0, 20 + 5 * 10, trackFormat(2)).status).toBe("truncated");
  });

  it("round-trips random Track 1 and Track 2 texts (property)", () => {
    const t1Char = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 /^".split(""));
    fc.assert(
      fc.property(
        fc.array(t1Char, { minLength: 2, maxLength: 70 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 37 }),
        (c1, d2) => {
          const t1 = `%B${c1.join("")}?`;
          const t2 = `;${d2.join("")}?`;
          const b1 = encodeTrack(1, t1);
          const b2 = encodeTrack(2, t2);
          expect(parseFrame(b1, 0, b1.length, trackFormat(1))).toMatchObject({
            status: "ok",
            data: t1,
            corrected: false,
          });
          expect(parseFrame(b2, 0, b2.length, trackFormat(2))).toMatchObject({
            status: "ok",
            data: t2,
            corrected: false,
          });
        },
      ),
    );
  });

  it("never accepts a frame whose data differs from the truth after one or two bit flips (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bits.length - 1 }), { minLength: 1, maxLength: 2 }), (flips) => {
        const b = bits.slice();
        for (const f of flips) b[f] = (b[f] ?? 0) ^ 1;
        const r = parseFrame(b, 0, b.length, trackFormat(2));
        if (r.status === "ok") {
          expect(r.data).toBe(T2_DATA);
        }
      }),
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../../src/bytes/index.js";
import { isCardwireError } from "../../src/errors/index.js";
import { Deframer, deframeAll, frameMessage } from "../../src/iso8583/index.js";

const payload = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);

describe("frameMessage", () => {
  it("writes each header kind", () => {
    expect(toHex(frameMessage(payload, "2byte").subarray(0, 2))).toBe("012C");
    expect(toHex(frameMessage(payload, "2bcd").subarray(0, 2))).toBe("0300");
    expect(toHex(frameMessage(payload, "4ascii").subarray(0, 4))).toBe("30333030");
    expect(frameMessage(payload, "none")).toEqual(payload);
  });
  it("refuses payloads the header cannot express", () => {
    expect(() => frameMessage(new Uint8Array(10000), "2bcd")).toThrow(
      "length header: payload of 10000 bytes exceeds the 2bcd maximum 9999 at offset 0",
    );
  });
});

describe("Deframer", () => {
  for (const framing of ["2byte", "2bcd", "4ascii"] as const) {
    it(`${framing}: any split of any sequence of frames yields the payloads in order`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ maxLength: 600 }), { minLength: 1, maxLength: 6 }),
          fc.array(fc.nat(), { maxLength: 10 }),
          (payloads, cuts) => {
            const stream = Uint8Array.from(payloads.flatMap((p) => [...frameMessage(p, framing)]));
            const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
            const d = new Deframer(framing);
            const got: Uint8Array[] = [];
            let prev = 0;
            for (const p of [...points, stream.length]) {
              got.push(...d.push(stream.subarray(prev, p)));
              prev = p;
            }
            expect(got).toEqual(payloads);
            expect(d.pending).toBe(0);
          },
        ),
        { numRuns: 200 },
      );
    });
  }

  it("byte-at-a-time and coalesced reads", () => {
    const a = frameMessage(Uint8Array.of(1, 2, 3), "2byte");
    const b = frameMessage(Uint8Array.of(4), "2byte");
    const d = new Deframer("2byte");
    const out: Uint8Array[] = [];
    for (const byte of [...a, ...b, ...a]) out.push(...d.push(Uint8Array.of(byte)));
    expect(out).toEqual([Uint8Array.of(1, 2, 3), Uint8Array.of(4), Uint8Array.of(1, 2, 3)]);
    expect(new Deframer("2byte").push(Uint8Array.from([...a, ...b]))).toEqual([
      Uint8Array.of(1, 2, 3),
      Uint8Array.of(4),
    ]);
  });

  it("returns copies, not views into the caller's read buffer", () => {
    const chunk = frameMessage(Uint8Array.of(9, 9), "2byte");
    const [p] = new Deframer("2byte").push(chunk);
    chunk.fill(0);
    expect(p).toEqual(Uint8Array.of(9, 9));
  });

  it("rejects a declared length above maxMessageLength before buffering it", () => {
    const d = new Deframer("2byte", { maxMessageLength: 100 });
    d.push(frameMessage(new Uint8Array(5), "2byte"));
    try {
      d.push(Uint8Array.of(0xff, 0xff));
      expect.unreachable();
    } catch (e) {
      expect(isCardwireError(e, "iso8583.framing")).toBe(true);
      expect((e as Error).message).toBe(
        "length header: declared length 65535 exceeds maxMessageLength 100 at offset 7",
      );
    }
  });

  it("rejects malformed BCD and ASCII headers with the offset", () => {
    expect(() => new Deframer("2bcd").push(Uint8Array.of(0x0a, 0x00))).toThrow(
      "length header: byte 1 is not BCD at offset 0",
    );
    expect(() => new Deframer("4ascii").push(new TextEncoder().encode("00x1"))).toThrow(
      "length header: byte 3 is not an ASCII digit at offset 2",
    );
  });

  it("deframeAll refuses an incomplete last frame", () => {
    const f = frameMessage(Uint8Array.of(1, 2, 3), "4ascii");
    expect(() => deframeAll(f.subarray(0, 5), "4ascii")).toThrow(
      "length header: 5 bytes of an incomplete frame at offset 0",
    );
  });
});

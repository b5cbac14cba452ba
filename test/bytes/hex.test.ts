import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BytesError, bytesToLatin1, fromHex, latin1ToBytes, toHex } from "../../src/bytes/index.js";

describe("hex", () => {
  it("encodes known bytes", () => {
    expect(toHex(new Uint8Array([0x00, 0x0f, 0xa5, 0xff]))).toBe("000FA5FF");
    expect(fromHex("000fA5ff")).toEqual(new Uint8Array([0x00, 0x0f, 0xa5, 0xff]));
  });
  it.each([
    ["ABC", 3],
    ["0G", 1],
    ["G0", 0],
    ["\u0130\u0130", 0],
  ])("rejects %j at offset %d", (s, offset) => {
    try {
      fromHex(s);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BytesError);
      expect((e as BytesError).code).toBe("bytes.hex");
      expect((e as BytesError).offset).toBe(offset);
    }
  });
  it("round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(fromHex(toHex(b))).toEqual(b);
      }),
    );
  });
  it("latin1 round-trips every byte value, including 0x80–0x9F", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (b) => {
        expect(latin1ToBytes(bytesToLatin1(b))).toEqual(b);
      }),
    );
  });
});

/**
 * NEO 2 frames: the READERS.md vectors (from ../shared when present), inline
 * hand-computed frames, a negative table asserting exact codes and offsets,
 * round trips and a fuzz target.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes, crc16CcittFalse, fromHex, latin1ToBytes, toHex } from "../../../src/bytes/index.js";
import { CardwireError } from "../../../src/errors/index.js";
import {
  decodeCommand,
  decodeResponse,
  encodeCommand,
  encodeResponse,
  NEO2_STATUS,
  Neo2Error,
  neo2Status,
} from "../../../drivers/neo2/index.js";
import { readersCrcVectors } from "./readers-md.js";

const HEADER_HEX = toHex(latin1ToBytes("ViVOtech2\0")); // 5669564F74656368 3200

/** Hand-built frames: header | body | CRC. CRC values recomputed in test/bytes/crc.test.ts. */
const PING_COMMAND = fromHex(`${HEADER_HEX}18010000B3CD`); // 0xCDB3, command → LSB first: B3 CD
const PING_RESPONSE = fromHex(`${HEADER_HEX}18000000FA83`); // 0xFA83, response → MSB first: FA 83

function thrown(f: () => unknown): Neo2Error {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Neo2Error);
    return e as Neo2Error;
  }
  throw new Error("expected a throw");
}

describe("NEO 2 frames, inline vectors", () => {
  it("encodes the ping command with the CRC LSB first", () => {
    expect(encodeCommand({ cmd: 0x18, subCmd: 0x01, data: new Uint8Array(0) })).toEqual(PING_COMMAND);
  });

  it("encodes the ping response with the CRC MSB first", () => {
    expect(encodeResponse({ cmd: 0x18, status: 0x00, data: new Uint8Array(0) })).toEqual(PING_RESPONSE);
  });

  it("decodes the ping response with its status row and consumed length", () => {
    const d = decodeResponse(concatBytes(PING_RESPONSE, new Uint8Array(5))); // trailing padding is not consumed
    expect(d.consumed).toBe(16);
    expect(d.crc).toBe(0xfa83);
    expect(d.value).toEqual({ cmd: 0x18, status: 0, statusInfo: neo2Status(0), data: new Uint8Array(0) });
    expect(d.value.statusInfo?.name).toBe("ok");
  });

  it('carries data: 61-13 "Screen1\\0" (CRC 0xF858, LSB first on the wire)', () => {
    const frame = encodeCommand({ cmd: 0x61, subCmd: 0x13, data: latin1ToBytes("Screen1\0") });
    expect(toHex(frame)).toBe(`${HEADER_HEX}61130008${toHex(latin1ToBytes("Screen1\0"))}58F8`);
    expect(decodeCommand(frame).value).toEqual({ cmd: 0x61, subCmd: 0x13, data: latin1ToBytes("Screen1\0") });
  });

  it("pass-through frames can take the CRC MSB first in the command direction", () => {
    const frame = encodeCommand({ cmd: 0x18, subCmd: 0x01, data: new Uint8Array(0) }, { crcOrder: "msb" });
    expect(toHex(frame.subarray(14))).toBe("CDB3");
    expect(decodeCommand(frame, { crcOrder: "msb" }).value.cmd).toBe(0x18);
    expect(thrown(() => decodeCommand(frame)).code).toBe("neo2.crc");
  });

  it("keeps unknown status codes (statusInfo undefined) and the table has unique codes", () => {
    const frame = encodeResponse({ cmd: 0x02, status: 0x99, data: new Uint8Array([1]) });
    expect(decodeResponse(frame).value.statusInfo).toBeUndefined();
    expect(new Set(NEO2_STATUS.map((s) => s.code)).size).toBe(NEO2_STATUS.length);
    expect(neo2Status(0x23)?.name).toBe("request_online_authorization");
  });

  it("does not touch its inputs and returns data that does not alias them", () => {
    const data = new Uint8Array([1, 2, 3]);
    const frame = encodeCommand({ cmd: 1, subCmd: 2, data });
    const copy = frame.slice();
    const d = decodeCommand(frame);
    d.value.data[0] = 9;
    expect(frame).toEqual(copy);
    expect(data).toEqual(new Uint8Array([1, 2, 3]));
  });
});

const vectors = readersCrcVectors();
describe.skipIf(vectors === undefined)("NEO 2 frames, READERS.md vectors (../shared)", () => {
  for (const v of (vectors ?? []).filter((r) => !r.flagged)) {
    it(`${v.label}: wire CRC bytes ${toHex(new Uint8Array(v.wire))}`, () => {
      const direction = v.label.includes("response") ? "response" : "command";
      const [cmd, code, lenHi, lenLo] = v.body;
      const data = v.body.slice(4);
      expect((lenHi! << 8) | lenLo!).toBe(data.length);
      const frame =
        direction === "command"
          ? encodeCommand({ cmd: cmd!, subCmd: code!, data })
          : encodeResponse({ cmd: cmd!, status: code!, data });
      expect([...frame.subarray(-2)]).toEqual([...v.wire]);
      const decoded = direction === "command" ? decodeCommand(frame).crc : decodeResponse(frame).crc;
      expect(decoded).toBe(v.crc);
    });
  }
});

describe("NEO 2 frames, negative table", () => {
  const good = PING_RESPONSE;
  const flip = (b: Uint8Array, i: number) => {
    const c = b.slice();
    c[i] = (c[i] as number) ^ 0xff;
    return c;
  };
  const cases: readonly { name: string; bytes: Uint8Array; code: string; offset: number }[] = [
    { name: "empty input", bytes: new Uint8Array(0), code: "neo2.truncated", offset: 0 },
    { name: "header byte 0 wrong", bytes: flip(good, 0), code: "neo2.header", offset: 0 },
    { name: "header NUL wrong", bytes: flip(good, 9), code: "neo2.header", offset: 9 },
    { name: "NEO 1 header (ViVOtech\\0)", bytes: fromHex("5669564F7465636800"), code: "neo2.header", offset: 8 },
    { name: "header only", bytes: good.slice(0, 10), code: "neo2.truncated", offset: 10 },
    { name: "CRC missing", bytes: good.slice(0, 14), code: "neo2.truncated", offset: 14 },
    {
      name: "declared 5 data bytes, none sent",
      bytes: fromHex(`${HEADER_HEX}18000005FA83`),
      code: "neo2.truncated",
      offset: 16,
    },
    { name: "CRC low byte wrong", bytes: flip(good, 15), code: "neo2.crc", offset: 14 },
    { name: "cmd byte corrupted", bytes: flip(good, 10), code: "neo2.crc", offset: 14 },
  ];
  it.each(cases)("$name → $code at byte $offset", ({ bytes, code, offset }) => {
    const e = thrown(() => decodeResponse(bytes));
    expect(e.code).toBe(code);
    expect(e.offset).toBe(offset);
    expect(e.command).toBe("decodeResponse");
  });

  it("a CRC mismatch names both values", () => {
    const e = thrown(() => decodeResponse(flip(good, 15)));
    // Received FA 7C (0x83 ^ 0xFF = 0x7C), computed 0xFA83.
    expect(e.message).toContain("0xFA7C");
    expect(e.message).toContain("0xFA83");
    expect(e.details).toMatchObject({ received: "0xFA7C", computed: "0xFA83" });
  });

  it("rejects a declared length above the limit before waiting for the data", () => {
    const e = thrown(() => decodeResponse(fromHex(`${HEADER_HEX}18001000`), { maxDataLength: 1024 }));
    expect(e.code).toBe("neo2.length");
    expect(e.offset).toBe(12);
    expect(e.details).toMatchObject({ length: 0x1000, max: 1024 });
  });

  it.each([
    { cmd: 256, subCmd: 0 },
    { cmd: -1, subCmd: 0 },
    { cmd: 0, subCmd: 1.5 },
  ])("encodeCommand rejects non-byte cmd/subCmd %j", (c) => {
    expect(thrown(() => encodeCommand({ ...c, data: new Uint8Array(0) })).code).toBe("neo2.argument");
  });

  it("encode rejects data longer than the 16-bit length field", () => {
    const e = thrown(() => encodeCommand({ cmd: 1, subCmd: 1, data: new Uint8Array(0x10000) }));
    expect(e.code).toBe("neo2.argument");
  });
});

describe("NEO 2 frames, properties", () => {
  const byte = fc.integer({ min: 0, max: 255 });
  it("command encode → decode round-trips", () => {
    fc.assert(
      fc.property(byte, byte, fc.uint8Array({ maxLength: 600 }), (cmd, subCmd, data) => {
        const frame = encodeCommand({ cmd, subCmd, data });
        expect(frame.length).toBe(16 + data.length);
        const d = decodeCommand(frame);
        expect(d.value).toEqual({ cmd, subCmd, data });
        expect(d.consumed).toBe(frame.length);
        expect(d.crc).toBe(crc16CcittFalse(frame, 0, frame.length - 2));
      }),
    );
  });

  it("response encode → decode round-trips", () => {
    fc.assert(
      fc.property(byte, byte, fc.uint8Array({ maxLength: 600 }), (cmd, status, data) => {
        const d = decodeResponse(encodeResponse({ cmd, status, data }));
        expect(d.value.cmd).toBe(cmd);
        expect(d.value.status).toBe(status);
        expect(d.value.data).toEqual(data);
      }),
    );
  });

  it("any single-byte corruption is detected (CRC-16 catches all single-byte errors)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(), fc.integer({ min: 1, max: 255 }), (data, k, x) => {
        const frame = encodeResponse({ cmd: 3, status: 0, data });
        const i = k % frame.length;
        frame[i] = (frame[i] as number) ^ x;
        expect(() => decodeResponse(frame)).toThrow(Neo2Error);
      }),
    );
  });

  it("fuzz: random and mutated bytes only ever throw typed errors", () => {
    const seed = encodeResponse({ cmd: 0x02, status: 0x23, data: fromHex("DFEE1203000102") });
    const mutated = fc.array(fc.tuple(fc.nat(), byte), { maxLength: 4 }).map((edits) => {
      const b = seed.slice();
      for (const [i, v] of edits) b[i % b.length] = v;
      return b;
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), mutated), (bytes) => {
        for (const decode of [decodeResponse, decodeCommand]) {
          try {
            decode(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(CardwireError);
            expect((e as CardwireError).code).toMatch(/^neo2\./);
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

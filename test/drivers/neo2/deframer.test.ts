/**
 * The streaming deframer and the USB HID report helpers: any chunking of a
 * stream yields the same results, garbage is skipped, corrupt frames are
 * reported and do not hide the next frame, the buffer stays bounded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatBytes, fromHex, latin1ToBytes } from "../../../src/bytes/index.js";
import { CardwireError } from "../../../src/errors/index.js";
import {
  decodeResponse,
  encodeCommand,
  encodeResponse,
  NEO2_HID_REPORT_LENGTH,
  Neo2Deframer,
  type Neo2DeframeResult,
  type Neo2Error,
  Neo2HidReassembler,
  toHidReports,
} from "../../../drivers/neo2/index.js";

const byte = fc.integer({ min: 0, max: 255 });
const responseArb = fc.record({ cmd: byte, status: byte, data: fc.uint8Array({ maxLength: 200 }) });

/** Splits `bytes` at the given cut points (sorted, deduplicated, in range). */
function chunk(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  return out;
}

/** A comparable summary of deframer output. */
function summary(results: readonly Neo2DeframeResult<"response">[]): string[] {
  return results.map((r) =>
    r.ok
      ? `ok ${r.value.value.cmd}/${r.value.value.status}/${[...r.value.value.data].join(",")}`
      : `err ${r.error.code}`,
  );
}

function feed(d: Neo2Deframer<"response">, chunks: readonly Uint8Array[]): Neo2DeframeResult<"response">[] {
  return chunks.flatMap((c) => d.push(c));
}

describe("Neo2Deframer", () => {
  const ping = encodeResponse({ cmd: 0x18, status: 0, data: new Uint8Array(0) });

  it("yields a frame fed one byte at a time", () => {
    const d = new Neo2Deframer({ direction: "response" });
    const out = feed(
      d,
      [...ping].map((b) => new Uint8Array([b])),
    );
    expect(summary(out)).toEqual(["ok 24/0/"]);
    expect(d.buffered).toBe(0);
  });

  it("splits coalesced frames and skips garbage before, between and after them", () => {
    const a = encodeResponse({ cmd: 1, status: 0, data: new Uint8Array([7]) });
    const b = encodeResponse({ cmd: 2, status: 0x0e, data: new Uint8Array([8, 9]) });
    const garbage = latin1ToBytes("ViVOtech\0xx"); // a NEO 1 header (9 bytes + 2) is not a NEO 2 one
    const d = new Neo2Deframer({ direction: "response" });
    const out = d.push(concatBytes(garbage, a, new Uint8Array([0, 0, 0]), b, latin1ToBytes("ViVO")));
    expect(summary(out)).toEqual(["ok 1/0/7", "ok 2/14/8,9"]);
    expect(d.skippedBytes).toBe(11 + 3);
    expect(d.buffered).toBe(4); // "ViVO" may be the start of the next header
    expect(d.reset()).toBe(4);
  });

  it("reports a CRC mismatch and still finds a frame that starts inside the corrupt one", () => {
    const inner = encodeResponse({ cmd: 5, status: 0, data: new Uint8Array(0) });
    // An outer frame whose declared data is exactly `inner`, with a wrong CRC.
    const outer = encodeResponse({ cmd: 9, status: 0, data: inner });
    outer[outer.length - 1] = (outer[outer.length - 1] as number) ^ 1;
    const d = new Neo2Deframer({ direction: "response" });
    const out = d.push(outer);
    expect(summary(out)).toEqual(["err neo2.crc", "ok 5/0/"]);
  });

  it("rejects an over-long declared length at once instead of buffering it", () => {
    const d = new Neo2Deframer({ direction: "response", maxDataLength: 64 });
    const out = d.push(fromHex("5669564F746563683200180000FF")); // length 0x00FF > 64
    expect(summary(out)).toEqual(["err neo2.length"]);
    expect((out[0] as { error: Neo2Error }).error.offset).toBe(12);
  });

  it("decodes commands when direction is command (simulated reader side)", () => {
    const d = new Neo2Deframer({ direction: "command" });
    const out = d.push(encodeCommand({ cmd: 0x02, subCmd: 0x40, data: new Uint8Array([0x1e]) }));
    expect(out).toHaveLength(1);
    expect(out[0]!.ok && out[0]!.value.value).toEqual({ cmd: 2, subCmd: 0x40, data: new Uint8Array([0x1e]) });
  });

  it("rejects an impossible maxDataLength", () => {
    expect(() => new Neo2Deframer({ direction: "response", maxDataLength: 70_000 })).toThrow(RangeError);
  });

  it("property: any chunking of a stream of frames and garbage yields the same results", () => {
    const piece = fc.oneof(
      responseArb.map((r) => encodeResponse(r)),
      fc.uint8Array({ maxLength: 30 }),
      // Near-misses: a header prefix, a corrupted frame.
      fc.constant(latin1ToBytes("ViVOtech2")),
      responseArb.map((r) => {
        const f = encodeResponse(r);
        f[f.length - 1] = (f[f.length - 1] as number) ^ 0x55;
        return f;
      }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 20 }), (pieces, cuts) => {
        const stream = concatBytes(...pieces);
        const whole = summary(new Neo2Deframer({ direction: "response" }).push(stream));
        const chunked = summary(feed(new Neo2Deframer({ direction: "response" }), chunk(stream, cuts)));
        expect(chunked).toEqual(whole);
      }),
    );
  });

  it("property: frames separated by non-header garbage all come out, in order", () => {
    const junk = fc.uint8Array({ maxLength: 20 }).map((b) => b.map((x) => (x === 0x56 ? 0x57 : x))); // no "V"
    fc.assert(
      fc.property(
        fc.array(fc.tuple(junk, responseArb), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (items, cuts) => {
          const stream = concatBytes(...items.flatMap(([j, r]) => [j, encodeResponse(r)]));
          const out = feed(new Neo2Deframer({ direction: "response" }), chunk(stream, cuts));
          expect(out.every((r) => r.ok)).toBe(true);
          expect(out.map((r) => r.ok && r.value.value.data)).toEqual(items.map(([, r]) => r.data));
        },
      ),
    );
  });

  it("the buffer stays bounded by one maximum frame whatever it is fed", () => {
    const d = new Neo2Deframer({ direction: "response", maxDataLength: 100 });
    // Header with the largest allowed length, then never the rest: the deframer waits, bounded.
    d.push(fromHex("5669564F74656368320018000064"));
    for (let i = 0; i < 50; i++) d.push(new Uint8Array(97).fill(0x56));
    expect(d.buffered).toBeLessThanOrEqual(116);
  });

  it("fuzz: random bytes in random chunks never throw and never hang", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const d = new Neo2Deframer({ direction: "response", maxDataLength: 256 });
        for (const c of chunks) {
          for (const r of d.push(c)) if (!r.ok) expect(r.error).toBeInstanceOf(CardwireError);
        }
        expect(d.buffered).toBeLessThanOrEqual(272);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("NEO 2 USB HID reports", () => {
  it("a short frame is one report with ID 1, zero padded to 64 bytes", () => {
    const frame = encodeResponse({ cmd: 0x18, status: 0, data: new Uint8Array(0) });
    const reports = toHidReports(frame);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.length).toBe(NEO2_HID_REPORT_LENGTH);
    expect(reports[0]![0]).toBe(1);
    expect(reports[0]!.subarray(1, 17)).toEqual(frame);
    expect(reports[0]!.subarray(17).every((b) => b === 0)).toBe(true);
    expect(new Neo2HidReassembler().push(reports[0]!)).toEqual(frame);
  });

  it("report IDs by frame size: 63 → [1]; 64 → [2,4]; 127 → [2,3,4]", () => {
    // A frame of 16 + n bytes: 63 bytes fill one payload; 64 need a first and a last; 127 = 63 + 63 + 1.
    const ids = (n: number) =>
      toHidReports(encodeCommand({ cmd: 1, subCmd: 1, data: new Uint8Array(n - 16) })).map((r) => r[0]);
    expect(ids(63)).toEqual([1]);
    expect(ids(64)).toEqual([2, 4]);
    expect(ids(126)).toEqual([2, 4]);
    expect(ids(127)).toEqual([2, 3, 4]);
  });

  it("property: frames → reports → reassembler → the same frames (both directions)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), responseArb), { maxLength: 5 }), (items) => {
        const r = new Neo2HidReassembler();
        for (const [asCommand, v] of items) {
          const frame = asCommand ? encodeCommand({ cmd: v.cmd, subCmd: v.status, data: v.data }) : encodeResponse(v);
          const out = toHidReports(frame).map((rep) => r.push(rep));
          expect(out.slice(0, -1).every((x) => x === undefined)).toBe(true);
          expect(out[out.length - 1]).toEqual(frame);
          expect(r.pending).toBe(false);
        }
      }),
    );
  });

  it.each([
    { name: "unknown report ID 5", reports: [[5, 0]], code: "neo2.hid_report" },
    { name: "middle part without a first", reports: [[3, 0]], code: "neo2.hid_report" },
    { name: "last part without a first", reports: [[4, 0]], code: "neo2.hid_report" },
    { name: "a 1-byte report", reports: [[1]], code: "neo2.hid_report" },
    { name: "ID 1 payload that is not a frame", reports: [[1, 0x41, 0x42]], code: "neo2.header" },
  ])("$name → $code", ({ reports, code }) => {
    const r = new Neo2HidReassembler();
    try {
      for (const rep of reports) r.push(new Uint8Array(rep));
      expect.unreachable();
    } catch (e) {
      expect((e as Neo2Error).code).toBe(code);
    }
  });

  it("a whole-frame report declaring more than it carries is rejected", () => {
    const frame = encodeResponse({ cmd: 1, status: 0, data: new Uint8Array(40) });
    const rep = toHidReports(frame)[0]!;
    rep[14] = 0xff; // data length 0xFF: 271 bytes, more than one report holds (byte 14 = frame byte 13)
    expect(() => new Neo2HidReassembler().push(rep)).toThrow(/carry/);
  });

  it("a frame longer than the limit is rejected without buffering it", () => {
    const frame = encodeResponse({ cmd: 1, status: 0, data: new Uint8Array(300) });
    const r = new Neo2HidReassembler({ maxDataLength: 100 });
    const reports = toHidReports(frame);
    const codes: string[] = [];
    for (const rep of reports) {
      try {
        r.push(rep);
      } catch (e) {
        codes.push((e as Neo2Error).code);
      }
    }
    expect(codes[0]).toBe("neo2.length"); // on the first part, from its header
    expect(r.pending).toBe(false);
    expect(codes.slice(1)).toEqual(reports.slice(1).map(() => "neo2.hid_report")); // the rest have no first part
  });

  it("fuzz: random reports only ever throw typed errors, and what comes out decodes or throws typed", () => {
    const report = fc.tuple(fc.integer({ min: 0, max: 6 }), fc.uint8Array({ minLength: 1, maxLength: 63 }));
    fc.assert(
      fc.property(fc.array(report, { maxLength: 12 }), (reports) => {
        const r = new Neo2HidReassembler({ maxDataLength: 512 });
        for (const [id, payload] of reports) {
          try {
            const frame = r.push(concatBytes(new Uint8Array([id]), payload));
            if (frame) decodeResponse(frame);
          } catch (e) {
            expect(e).toBeInstanceOf(CardwireError);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

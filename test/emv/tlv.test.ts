import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/bytes/index.js";
import { isCardwireError } from "../../src/errors/index.js";
import {
  decodeTlv,
  decodeTlvOne,
  EmvError,
  encodeLength,
  encodeTlv,
  findTlv,
  parseTag,
  type Tlv,
  type TlvInput,
  tagHex,
  tlvMap,
  toTlvInput,
} from "../../src/emv/index.js";

function codeOf(f: () => unknown): { code: string; offset: number | undefined; field: string | undefined } {
  try {
    f();
  } catch (e) {
    if (e instanceof EmvError) return { code: e.code, offset: e.offset, field: e.field };
    throw e;
  }
  throw new Error("expected an EmvError");
}

describe("BER-TLV decode", () => {
  it("reads multi-byte tags, short and long lengths, in order", () => {
    const value200 = "AB".repeat(200);
    const hex = `9F02060000000010005A0847617390010100105F2A0208409F1E81C8${value200}DF81010101`;
    const items = decodeTlv(fromHex(hex));
    expect(items.map((t) => tagHex(t.tag))).toEqual(["9F02", "5A", "5F2A", "9F1E", "DF8101"]);
    expect(items[0]!.length).toBe(6);
    expect(items[0]!.offset).toBe(0);
    expect(items[1]!.offset).toBe(9);
    expect(items[3]!.length).toBe(200);
    expect(items[3]!.headerLength).toBe(4);
    expect(toHex(items[4]!.value)).toBe("01");
    expect(items.every((t) => !t.constructed)).toBe(true);
  });

  it("decodes constructed templates (70, 77, A5) with children and offsets", () => {
    // A READ RECORD response template 70 holding 57 and 5F20, and an FCI 6F/A5.
    const hex = "700D5703123456" + "5F2005414C494345" + "6F09840141" + "A50450025649";
    const items = decodeTlv(fromHex(hex));
    expect(items).toHaveLength(2);
    const t70 = items[0]!;
    expect(t70.constructed).toBe(true);
    expect(t70.children!.map((c) => tagHex(c.tag))).toEqual(["57", "5F20"]);
    expect(t70.children![1]!.offset).toBe(7);
    const app = findTlv(items, "50");
    expect(app && toHex(app.value)).toBe("5649");
    expect(findTlv(items, "50", false)).toBeUndefined();
    expect([...tlvMap(items).keys()].map(tagHex)).toEqual(["57", "5F20", "84", "50"]);
  });

  it("accepts 0x82 and 0x83 long-form lengths", () => {
    const v = new Uint8Array(300).fill(7);
    const enc = encodeTlv([{ tag: 0x9f10, value: v }]);
    expect(toHex(enc.subarray(0, 5))).toBe("9F1082012C");
    expect(decodeTlv(enc)[0]!.length).toBe(300);
    expect(toHex(encodeLength(0x10000))).toBe("83010000");
    expect(toHex(encodeLength(0x7f))).toBe("7F");
    expect(toHex(encodeLength(0x80))).toBe("8180");
  });

  const malformed: readonly [string, string, string, number, string | undefined][] = [
    ["value overruns the buffer", "9F410413", "emv.tlv_length", 0, "9F41"],
    ["tag cut off", "9F", "emv.tlv_truncated", 0, undefined],
    ["length missing", "9F26", "emv.tlv_truncated", 2, "9F26"],
    ["long length cut off", "9F2682 01", "emv.tlv_truncated", 2, "9F26"],
    ["indefinite length", "708000 00", "emv.tlv_length", 1, "70"],
    ["5-byte length field", "5A850000000001AA", "emv.tlv_length", 1, "5A"],
    ["tag longer than 4 bytes", "9F8181818101AA", "emv.tlv_tag", 0, undefined],
    ["padding byte", "5A01AA00", "emv.tlv_trailing", 3, undefined],
    ["child overruns its template", "7003 5A05AA", "emv.tlv_length", 2, "70.5A"],
    ["child truncated inside template", "7004 5A01AA9F", "emv.tlv_truncated", 5, "70"],
  ];
  it.each(malformed)("rejects %s", (_name, hex, code, offset, field) => {
    const r = codeOf(() => decodeTlv(fromHex(hex.replace(/ /g, ""))));
    expect(r.code).toBe(code);
    expect(r.offset).toBe(offset);
    expect(r.field).toBe(field);
  });

  it("names the enclosing field when asked", () => {
    const r = codeOf(() => decodeTlv(fromHex("9F2608AABB"), { field: "DE 55" }));
    expect(r.field).toBe("DE 55.9F26");
    expect(() => decodeTlv(fromHex("9F2608AABB"), { field: "DE 55" })).toThrow(
      /DE 55\.9F26: length 8, only 2 bytes left, at byte 0/,
    );
  });

  it("limits nesting depth", () => {
    let nested: TlvInput = { tag: "5A", value: "01" };
    for (let i = 0; i < 10; i++) nested = { tag: "70", children: [nested] };
    const bytes = encodeTlv([nested]);
    expect(codeOf(() => decodeTlv(bytes)).code).toBe("emv.tlv_depth");
    expect(decodeTlv(bytes, { maxDepth: 11 })).toHaveLength(1);
    expect(codeOf(() => decodeTlv(bytes, { maxDepth: 10 })).code).toBe("emv.tlv_depth");
  });

  it("nesting does not copy: values at every depth are views of the input (no quadratic growth)", () => {
    let nested: TlvInput = { tag: "5A", value: "01" };
    for (let i = 0; i < 60; i++) nested = { tag: "70", children: [nested] };
    const bytes = encodeTlv([nested]);
    let t: Tlv | undefined = decodeTlv(bytes, { maxDepth: 1000 })[0];
    let depth = 0;
    while (t?.children) {
      expect(t.value.buffer).toBe(bytes.buffer);
      t = t.children[0];
      depth++;
    }
    expect(depth).toBe(60);
    expect(t?.value.buffer).toBe(bytes.buffer);
  });

  it("lenient mode returns what precedes the damage and skips 00 padding", () => {
    const items = decodeTlv(fromHex("005A01AA00009F0201" + "9F4104AA"), { lenient: true });
    expect(items.map((t) => tagHex(t.tag))).toEqual(["5A", "9F02"]);
    // A decrypted IDTech-style block: TLV then zero padding up to the cipher block.
    const padded = decodeTlv(fromHex("5A0847617390010100105F2A020840000000"), { lenient: true });
    expect(padded.map((t) => tagHex(t.tag))).toEqual(["5A", "5F2A"]);
  });

  it("decodeTlvOne rejects trailing bytes", () => {
    expect(tagHex(decodeTlvOne(fromHex("5A01AA")).tag)).toBe("5A");
    expect(codeOf(() => decodeTlvOne(fromHex("5A01AA9F0200"))).code).toBe("emv.tlv_trailing");
    expect(codeOf(() => decodeTlvOne(new Uint8Array(0))).code).toBe("emv.tlv_truncated");
  });
});

describe("BER-TLV encode", () => {
  it("encodes hex and byte values and nested children", () => {
    const out = encodeTlv([
      { tag: 0x9f26, value: "C2A3F4E5D6B7A8C9" },
      { tag: "70", children: [{ tag: "5A", value: Uint8Array.of(0x47, 0x61) }, { tag: "9F02" }] },
    ]);
    expect(toHex(out)).toBe("9F2608C2A3F4E5D6B7A8C9" + "7007" + "5A024761" + "9F0200");
  });
  it.each([
    ["children on a primitive tag", [{ tag: "5A", children: [] }]],
    ["both value and children", [{ tag: "70", value: "00", children: [] }]],
    ["a tag whose first byte does not announce more", [{ tag: "5A01", value: "00" }]],
    ["a multi-byte tag ending with b8 set", [{ tag: "9F81", value: "00" }]],
    ["a tag with a leading zero byte", [{ tag: "005A", value: "00" }]],
    ["odd hex value", [{ tag: "5A", value: "ABC" }]],
  ] as [string, TlvInput[]][])("rejects %s", (_n, items) => {
    expect(() => encodeTlv(items)).toThrow(EmvError);
  });
  it("parses tag spellings", () => {
    expect(parseTag("9f26")).toBe(0x9f26);
    expect(parseTag(0xdf8101)).toBe(0xdf8101);
    expect(() => parseTag("XYZ")).toThrow(EmvError);
  });
});

// A BER tag generator: 1-byte low tags, 2- and 3-byte high tags, either class/constructed bit.
const tagArb: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: 0x01, max: 0xfe }).filter((b) => (b & 0x1f) !== 0x1f && (b & 0x20) === 0),
  fc
    .tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 0x7f }))
    .map(([cls, b]) => (((cls << 5) & 0xc0) | 0x1f) * 256 + b),
  fc
    .tuple(fc.integer({ min: 0x80, max: 0xff }), fc.integer({ min: 0, max: 0x7f }))
    .map(([b2, b3]) => (0xdf * 256 + b2) * 256 + b3),
);
const constructedTagArb = fc.constantFrom(0x70, 0x77, 0x6f, 0xa5, 0xbf0c, 0xe1);

const tlvInputArb: fc.Arbitrary<TlvInput> = fc.letrec<{ node: TlvInput }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.record({ tag: tagArb, value: fc.uint8Array({ maxLength: 300 }) }),
    fc.record({ tag: constructedTagArb, children: fc.array(tie("node"), { maxLength: 4 }) }),
  ),
})).node;

function canon(items: readonly Tlv[]): unknown[] {
  return items.map((t) =>
    t.children ? { tag: t.tag, children: canon(t.children) } : { tag: t.tag, value: toHex(t.value) },
  );
}
function canonInput(items: readonly TlvInput[]): unknown[] {
  return items.map((t) =>
    t.children ? { tag: t.tag, children: canonInput(t.children) } : { tag: t.tag, value: toHex(t.value as Uint8Array) },
  );
}

describe("BER-TLV properties", () => {
  it("encode → decode round-trips structure, values and order; re-encode is byte-identical", () => {
    fc.assert(
      fc.property(fc.array(tlvInputArb, { maxLength: 6 }), (items) => {
        const bytes = encodeTlv(items);
        const decoded = decodeTlv(bytes, { maxDepth: 64 });
        expect(canon(decoded)).toEqual(canonInput(items));
        expect(encodeTlv(toTlvInput(decoded))).toEqual(bytes);
      }),
    );
  });

  it("fuzz: arbitrary bytes only ever throw EmvError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, lenient) => {
        try {
          const items = decodeTlv(bytes, { lenient });
          for (const t of items) expect(t.offset + t.headerLength + t.length).toBeLessThanOrEqual(bytes.length);
        } catch (e) {
          expect(isCardwireError(e)).toBe(true);
          expect((e as EmvError).code).toMatch(/^emv\.tlv_/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("fuzz: mutated valid encodings only ever throw EmvError, and never read past the input", () => {
    fc.assert(
      fc.property(
        fc.array(tlvInputArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
        (items, edits, cut) => {
          const bytes = encodeTlv(items).slice();
          for (const [pos, b] of edits) if (bytes.length > 0) bytes[pos % bytes.length] = b;
          const input = bytes.subarray(0, bytes.length - (cut % (bytes.length + 1)));
          try {
            decodeTlv(input, { maxDepth: 64 });
          } catch (e) {
            expect(isCardwireError(e)).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("decode does not modify its input", () => {
    fc.assert(
      fc.property(fc.array(tlvInputArb, { maxLength: 4 }), (items) => {
        const bytes = encodeTlv(items);
        const copy = bytes.slice();
        decodeTlv(bytes, { maxDepth: 64 });
        expect(bytes).toEqual(copy);
      }),
    );
  });
});

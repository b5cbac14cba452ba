/** Pack/unpack behaviour with exact error coordinates (negative tests as a table), bitmaps, specs. */
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/bytes/index.js";
import { isCardwireError } from "../../src/errors/index.js";
import {
  deriveSpec,
  type FieldValue,
  getSpec,
  type IsoMessage,
  Iso8583Error,
  type MessageSpec,
  packMessage,
  SPEC_NAMES,
  unpack,
  unpackMessage,
} from "../../src/iso8583/index.js";

const ascii = getSpec("iso87ascii");
const enc = (s: string) => new TextEncoder().encode(s);

function thrown(fn: () => unknown): Iso8583Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof Iso8583Error) return e;
    throw e;
  }
  throw new Error("expected an Iso8583Error");
}

describe("specs", () => {
  it("ships the five base names the issue requires, plus dialects", () => {
    for (const n of ["iso87ascii", "iso87binary", "iso93ascii", "iso93binary", "iso87ebcdic"]) {
      expect(SPEC_NAMES).toContain(n);
      expect(getSpec(n).name).toBe(n);
      expect(getSpec(n).description.length).toBeGreaterThan(20);
    }
  });
  it("throws iso8583.spec for an unknown name", () => {
    expect(thrown(() => getSpec("iso99")).code).toBe("iso8583.spec");
  });
  it("validates spec tables when defined", () => {
    const bad = () =>
      deriveSpec(ascii, {
        name: "bad",
        description: "BCD on an ans field",
        fields: {
          48: { description: "x", type: "ans", length: 10, lengthType: "LL", lengthEncoding: "bcd", encoding: "bcd" },
        },
      });
    expect(thrown(bad).message).toBe("spec bad: DE 48: BCD carries digits only (type n, z or x+n), not ans");
    const noPrefix = () =>
      deriveSpec(ascii, {
        name: "bad2",
        description: "variable without prefix encoding",
        fields: { 48: { description: "x", type: "ans", length: 10, lengthType: "LL", encoding: "ascii" } },
      });
    expect(thrown(noPrefix).code).toBe("iso8583.spec");
  });
  it("DE 55 in iso87ascii is binary LLLVAR with an ASCII length counting bytes", () => {
    const de55 = fromHex("9F02060000000123455F340102");
    const bytes = packMessage(ascii, { mti: "0200", fields: { 55: de55 } });
    expect(new TextDecoder().decode(bytes.subarray(20, 23))).toBe("013");
    expect(unpackMessage(ascii, bytes).fields[55]).toEqual(de55);
  });
});

describe("pack", () => {
  it("regenerates bitmaps from the fields present (primary only, then secondary)", () => {
    const p = packMessage(ascii, { mti: "0800", fields: { 7: "0420090613", 11: "900001" } });
    expect(new TextDecoder().decode(p)).toBe("08000220000000000000" + "0420090613900001");
    const s = packMessage(ascii, { mti: "0800", fields: { 7: "0420090613", 70: "001" } });
    expect(new TextDecoder().decode(s.subarray(0, 36))).toBe("0800" + "8200000000000000" + "0400000000000000");
  });
  it("does not write into the caller's message", () => {
    const fields = { 2: "4111111111111111", 4: "000000001000" };
    const m: IsoMessage = Object.freeze({ mti: "0200", fields: Object.freeze({ ...fields }) });
    packMessage(ascii, m);
    expect(m.fields).toEqual(fields);
  });

  const cases: readonly {
    name: string;
    fields: Record<number, FieldValue>;
    mti?: string;
    code: string;
    message: string;
  }[] = [
    {
      name: "variable field over max",
      fields: { 35: `4111111111111111=${"1".repeat(24)}` },
      code: "iso8583.length",
      message: "DE 35: length 41 exceeds max 37 at offset 20",
    },
    {
      name: "fixed field short",
      fields: { 4: "100" },
      code: "iso8583.length",
      message: "DE 4: length 3, expected 12 at offset 20",
    },
    {
      name: "letters in n",
      fields: { 3: "00A000" },
      code: "iso8583.charset",
      message: "DE 3: character 3 not allowed in type n at offset 20",
    },
    {
      name: "bytes in a text field",
      fields: { 3: new Uint8Array(6) },
      code: "iso8583.value",
      message: "DE 3: expected a string (type n), found bytes at offset 20",
    },
    {
      name: "text in a b field",
      fields: { 52: "0011223344556677" },
      code: "iso8583.value",
      message: "DE 52: expected a Uint8Array (type b), found a string at offset 20",
    },
    {
      name: "bitmap given as a field",
      fields: { 1: "x", 3: "000000" },
      code: "iso8583.value",
      message: "DE 1: bitmaps are derived from the fields present; remove field 1",
    },
    {
      name: "field the spec lacks",
      fields: { 200: "x" },
      code: "iso8583.value",
      message: "DE 200: the spec defines no such field",
    },
    {
      name: "bad MTI",
      fields: {},
      mti: "02A0",
      code: "iso8583.mti",
      message: 'MTI must be 4 digits (ISO 8583:1987 §4.1), found "02A0"',
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code}`, () => {
      const e = thrown(() => packMessage(ascii, { mti: c.mti ?? "0200", fields: c.fields }));
      expect(e.code).toBe(c.code);
      expect(e.message).toBe(c.message);
      expect(JSON.stringify(e)).not.toContain("4111111111111111");
    });
  }
});

describe("unpack", () => {
  const text = (s: string) => enc(s);
  const cases: readonly { name: string; bytes: Uint8Array; code: string; message: string; spec?: MessageSpec }[] = [
    {
      name: "LL length above max",
      bytes: text(`02000000000020000000` + `41${"1".repeat(41)}`),
      code: "iso8583.length",
      message: "DE 35: length 41 exceeds max 37 at offset 20",
    },
    {
      name: "length prefix beyond the bytes left (never allocated)",
      bytes: text(`0200000000000000020099901`),
      code: "iso8583.truncated",
      message: "DE 55: needs 999 bytes, 2 left at offset 23",
    },
    {
      name: "trailing bytes",
      bytes: text("08000020000000000000123456XX"),
      code: "iso8583.trailing",
      message: "2 bytes left after the last field at offset 26",
    },
    {
      name: "truncated fixed field",
      bytes: text("0800002000000000000012345"),
      code: "iso8583.truncated",
      message: "DE 11: needs 6 bytes, 5 left at offset 20",
    },
    {
      name: "non-hex bitmap",
      bytes: text("08000020000000000G00123456"),
      code: "iso8583.bitmap",
      message: "primary bitmap character 14 is not a hex digit at offset 16",
    },
    {
      name: "non-digit length prefix",
      bytes: text("020040000000000000001X4111"),
      code: "iso8583.charset",
      message: "DE 2: length prefix byte 2 is not a decimal digit at offset 20",
    },
    {
      name: "empty secondary bitmap (iso_8583's bug)",
      bytes: text("080080200000000000000000000000000000123456"),
      code: "iso8583.bitmap",
      message: "bitmap: bit 1 set but the secondary bitmap is empty at offset 20",
    },
    {
      name: "bit 65 without a tertiary bitmap",
      bytes: text("0800800000000000000080000000000000000"),
      code: "iso8583.bitmap",
      message: "DE 65: bit 65 set but the spec has no tertiary bitmap or field 65 at offset 20",
    },
    {
      name: "message shorter than the MTI",
      bytes: text("08"),
      code: "iso8583.truncated",
      message: "MTI: MTI needs 4 bytes, 2 left at offset 0",
    },
    {
      name: "bit set for a field the spec does not define",
      bytes: text("08000020000000000000123456"),
      spec: deriveSpec(ascii, { name: "no11", description: "iso87ascii without DE 11", fields: { 11: null } }),
      code: "iso8583.bitmap",
      message: "DE 11: bit 11 set but the spec no11 defines no field 11 at offset 20",
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.name} with ${c.code}`, () => {
      const e = thrown(() => unpackMessage(c.spec ?? ascii, c.bytes));
      expect(e.code).toBe(c.code);
      expect(e.message).toBe(c.message);
    });
  }

  it("reports offsets and raw slices per field with unpack()", () => {
    const bytes = packMessage(ascii, { mti: "0200", fields: { 2: "4111111111111111", 4: "000000001000" } });
    const r = unpack(ascii, bytes);
    expect(r.fields.map((f) => [f.de, f.offset, f.length])).toEqual([
      [2, 20, 18],
      [4, 38, 12],
    ]);
    expect(toHex(r.bitmap)).toBe("5000000000000000");
    expect(new TextDecoder().decode(r.fields[0]?.raw)).toBe("164111111111111111");
  });

  it("b values are views into the input unless copy is asked for", () => {
    const bytes = packMessage(ascii, { mti: "0200", fields: { 55: fromHex("9F020100") } });
    const view = unpackMessage(ascii, bytes).fields[55] as Uint8Array;
    const copy = unpackMessage(ascii, bytes, { copy: true }).fields[55] as Uint8Array;
    expect(view.buffer).toBe(bytes.buffer);
    expect(copy.buffer).not.toBe(bytes.buffer);
    expect(copy).toEqual(view);
  });
});

describe("wire encodings", () => {
  it("iso87binary: BCD MTI, binary bitmap, track 2 '=' as nibble D, odd n left-padded, LLVAR right-padded", () => {
    const spec = getSpec("iso87binary");
    const bytes = packMessage(spec, { mti: "0200", fields: { 2: "411111111111111", 22: "051", 35: "4111=2512" } });
    expect(toHex(bytes)).toBe("0200" + "4000040020000000" + "15411111111111111" + "0" + "0051" + "094111D25120");
    expect(unpackMessage(spec, bytes).fields[35]).toBe("4111D2512");
  });
  it("iso87binary: x+n amounts travel as an ASCII sign and BCD digits (jPOS IFB_AMOUNT)", () => {
    const spec = getSpec("iso87binary");
    const bytes = packMessage(spec, { mti: "0200", fields: { 28: "C00000100" } });
    expect(toHex(bytes.subarray(10))).toBe("4300000100");
    expect(unpackMessage(spec, bytes).fields[28]).toBe("C00000100");
  });
  it("iso87ebcdic: EBCDIC MTI, text and prefixes", () => {
    const spec = getSpec("iso87ebcdic");
    const bytes = packMessage(spec, { mti: "0800", fields: { 2: "4111", 41: "TERM 01A" } });
    expect(toHex(bytes)).toBe("F0F8F0F0" + "4000000000800000" + "F0F4F4F1F1F1" + "E3C5D9D440F0F1C1");
    expect(unpackMessage(spec, bytes)).toEqual({ mti: "0800", fields: { 2: "4111", 41: "TERM 01A" } });
  });
  it("odd BCD pad nibbles are checked on unpack", () => {
    const spec = getSpec("pyiso-bcd2-rpadF");
    const good = fromHex("303230303430303030303030303030303030303000031230");
    expect(thrown(() => unpackMessage(spec, good)).message).toBe("DE 2: pad nibble 0, expected F at offset 23");
  });
});

describe("tertiary bitmap", () => {
  const spec = deriveSpec(ascii, {
    name: "tertiary-test",
    description: "iso87ascii plus private fields 129–192 behind a tertiary bitmap",
    fields: {
      130: {
        description: "private",
        type: "ans",
        length: 20,
        lengthType: "LL",
        lengthEncoding: "ascii",
        encoding: "ascii",
      },
      192: { description: "private MAC", type: "b", length: 8, lengthType: "fixed", encoding: "hex" },
    },
  });
  it("sets bits 1 and 65 and carries the tertiary bitmap in field 65's position", () => {
    const m: IsoMessage = {
      mti: "0200",
      fields: { 3: "000000", 70: "301", 130: "hello", 192: fromHex("0102030405060708") },
    };
    const bytes = packMessage(spec, m);
    const s = new TextDecoder().decode(bytes);
    expect(s.slice(0, 36)).toBe("0200" + "A000000000000000" + "8400000000000000");
    expect(s.slice(36, 42)).toBe("000000");
    expect(s.slice(42, 58)).toBe("4000000000000001");
    expect(unpackMessage(spec, bytes)).toEqual(m);
  });
});

describe("errors", () => {
  it("every failure is a CardwireError with an iso8583.* code", () => {
    const e = thrown(() => unpackMessage(ascii, new Uint8Array(3)));
    expect(isCardwireError(e)).toBe(true);
    expect(e.code.startsWith("iso8583.")).toBe(true);
    expect(e.toJSON()).toMatchObject({ code: "iso8583.truncated", offset: 0, field: "MTI" });
  });
});

/**
 * Subfield layouts: vectors for each kind (values written out by hand, the
 * reasoning next to each), the error table (every subfield code with its exact
 * message and offset), layout validation in defineSpec, and the shipped layouts.
 */
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/bytes/index.js";
import { EmvError } from "../../src/emv/index.js";
import { errorCodes, isCardwireError } from "../../src/errors/index.js";
import {
  BER_TLV,
  BER_TLV_HEX,
  CARDWIRE_SECURE_DATA,
  deriveSpec,
  type FieldSpec,
  getSpec,
  ISO87_ORIGINAL_DATA_ELEMENTS,
  Iso8583Error,
  Iso8583ErrorCodes,
  type PositionalLayout,
  packMessage,
  packSubfields,
  SPEC_NAMES,
  type SubfieldLayout,
  subfieldRecord,
  type TextSubfields,
  TLV_N2_N3,
  TLV_TCC_N2_N2,
  type TlvLayout,
  unpackMessage,
  unpackSubfields,
} from "../../src/iso8583/index.js";
import { SECURE_DATA_VALUES, secureDataField } from "../../src/terminal/secure-data.js";

/** A Mastercard-shaped DE 48 for the tests: TCC, then n2 tag ‖ n2 length; two known tags. */
const MC48: TlvLayout = {
  ...TLV_TCC_N2_N2,
  tags: [
    { tag: "26", description: "Wallet program data", type: "n", maxLength: 3, minLength: 3 },
    { tag: "42", description: "Electronic commerce indicators", type: "an", maxLength: 7 },
    { tag: "61", description: "A PAN-bearing test subelement", type: "n", maxLength: 19, mask: "pan" },
  ],
};

/** A positional layout with optional trailing subfields and a remainder. */
const INVOICE: PositionalLayout = {
  kind: "positional",
  description: "test: invoice n6, batch n6 optional, then free text",
  subfields: [
    { name: "invoice", description: "Invoice number", width: 6, type: "n" },
    { name: "batch", description: "Batch number", width: 6, type: "n" },
  ],
  required: 1,
  rest: { name: "note", description: "Free text", type: "ans", maxLength: 20 },
};

function text(layout: SubfieldLayout, value: string, de = 48): TextSubfields {
  return unpackSubfields(layout, value, { de }) as TextSubfields;
}

function thrown(f: () => unknown): { code: string; message: string; offset?: number } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
    return { code: e.code, message: e.message, ...(e.offset !== undefined && { offset: e.offset }) };
  }
  throw new Error("expected a throw");
}

describe("tlv vectors", () => {
  it("TCC prefix then tags: R ‖ 26 03 103 ‖ 42 02 21", () => {
    // offset 0 'R' (TCC, prefix width 1); offset 1 tag "26", 3 length "03", 5..8 value "103";
    // offset 8 tag "42", 10 length "02", 12..14 value "21".
    const v = "R2603103420221";
    const r = text(MC48, v);
    expect(r.entries.map((e) => [e.id, e.value, e.role, e.offset, e.known])).toEqual([
      ["tcc", "R", "prefix", 0, true],
      ["26", "103", "tag", 1, true],
      ["42", "21", "tag", 8, true],
    ]);
    expect(r.unknownTags).toEqual([]);
    expect(packSubfields(MC48, r.entries)).toBe(v);
    expect(packSubfields(MC48, { "42": "21", tcc: "R", "26": "103" })).toBe(v); // object: table order
    expect(subfieldRecord(r.entries)).toEqual({ tcc: "R", "26": "103", "42": "21" });
  });

  it("unknown tags are kept, reported once each, and packed back in place", () => {
    // "99" is not in the table: kept as is ("07" → 7 characters "ABC 12/"), then a known tag.
    const v = "T9907ABC 12/2603001";
    const r = text(MC48, v);
    expect(r.entries.map((e) => [e.id, e.value, e.known, e.description])).toEqual([
      ["tcc", "T", true, "Transaction category code"],
      ["99", "ABC 12/", false, "Unknown subelement"],
      ["26", "001", true, "Wallet program data"],
    ]);
    expect(r.unknownTags).toEqual(["99"]);
    expect(packSubfields(MC48, r.entries)).toBe(v);
    // Object input: prefix, table tags in table order, then unknown tags sorted.
    expect(packSubfields(MC48, { "99": "ABC 12/", tcc: "T", "26": "001" })).toBe("T26030019907ABC 12/");
  });

  it("repeats only when the layout allows them", () => {
    const v = "R26031032603104";
    expect(thrown(() => text(MC48, v))).toEqual({
      code: "iso8583.subfield_tag",
      message: "DE 48.SE 26: repeated tag at offset 8",
      offset: 8,
    });
    const r = text({ ...MC48, repeats: true }, v);
    expect(r.entries.map((e) => e.value)).toEqual(["R", "103", "104"]);
    expect(packSubfields({ ...MC48, repeats: true }, r.entries)).toBe(v);
  });

  it("cardwire's DE 48 secure data: tag n2 ‖ length n3, hex subelements", () => {
    // 01 010 "TDES-DUKPT" | 02 004 "DATA" | 03 020 KSN (10 bytes as hex) | 04 016 one 8-byte block.
    const ksn = "FFFF9876543210E00001";
    const v = `01010TDES-DUKPT02004DATA03020${ksn}040160123456789ABCDEF`;
    const r = text(CARDWIRE_SECURE_DATA, v);
    expect(r.entries.map((e) => [e.id, e.value.length, e.offset])).toEqual([
      ["01", 10, 0],
      ["02", 4, 15],
      ["03", 20, 24],
      ["04", 16, 49],
    ]);
    expect(packSubfields(CARDWIRE_SECURE_DATA, r.entries)).toBe(v);
  });

  it("the shipped secure-data layout reads what src/terminal writes, tag for tag", () => {
    expect(CARDWIRE_SECURE_DATA.tags.map((t) => t.tag)).toEqual(SECURE_DATA_VALUES.map((s) => s.id));
    const de48 = secureDataField({
      scheme: "tdes-dukpt",
      variant: "data",
      ksn: fromHex("FFFF9876543210E00001"),
      track2: new Uint8Array(40), // the ISO/IEC 7813 track 2 maximum, one block multiple
      track1: new Uint8Array(80),
    } as Parameters<typeof secureDataField>[0]);
    const r = text(CARDWIRE_SECURE_DATA, de48);
    expect(r.entries.map((e) => [e.id, e.value.length])).toEqual([
      ["01", 10],
      ["02", 4],
      ["03", 20],
      ["04", 80],
      ["05", 160],
    ]);
    const spec = getSpec("cardwire87ascii");
    const msg = { mti: "0200", fields: { 48: de48 } };
    expect(packMessage(spec, msg)).toEqual(packMessage(getSpec("iso87ascii"), msg)); // same wire
  });

  it("generic TLV_N2_N3 keeps every tag as unknown", () => {
    const r = text(TLV_N2_N3, "01003abc77000");
    expect(r.entries.map((e) => [e.id, e.value, e.known])).toEqual([
      ["01", "abc", false],
      ["77", "", false],
    ]);
    expect(r.unknownTags).toEqual(["01", "77"]);
  });
});

describe("positional vectors", () => {
  it("ISO 8583:1987 DE 90: n4 ‖ n6 ‖ n10 ‖ n11 ‖ n11 = 42 digits", () => {
    // 0200 | 000123 | 1123120500 | 00000012345 | 00000000000 at offsets 0, 4, 10, 20, 31.
    const v = "0200000123112312050000000012345" + "00000000000";
    expect(v).toHaveLength(42);
    const r = text(ISO87_ORIGINAL_DATA_ELEMENTS, v, 90);
    expect(r.entries.map((e) => [e.id, e.value, e.offset])).toEqual([
      ["mti", "0200", 0],
      ["stan", "000123", 4],
      ["transmissionDateTime", "1123120500", 10],
      ["acquirerId", "00000012345", 20],
      ["forwarderId", "00000000000", 31],
    ]);
    expect(packSubfields(ISO87_ORIGINAL_DATA_ELEMENTS, subfieldRecord(r.entries))).toBe(v);
    expect(getSpec("iso87ascii").fields[90]?.subfields).toBe(ISO87_ORIGINAL_DATA_ELEMENTS);
  });

  it("optional trailing subfields and a remainder", () => {
    expect(text(INVOICE, "000042").entries.map((e) => e.id)).toEqual(["invoice"]);
    expect(text(INVOICE, "000042000007").entries.map((e) => e.id)).toEqual(["invoice", "batch"]);
    const r = text(INVOICE, "000042000007paid cash");
    expect(r.entries.map((e) => [e.id, e.value, e.role, e.offset])).toEqual([
      ["invoice", "000042", "position", 0],
      ["batch", "000007", "position", 6],
      ["note", "paid cash", "rest", 12],
    ]);
    expect(packSubfields(INVOICE, r.entries)).toBe("000042000007paid cash");
    expect(packSubfields(INVOICE, { invoice: "000042" })).toBe("000042");
  });
});

describe("ber-tlv vectors (through src/emv)", () => {
  // 9F02 (two-byte tag: 9F has low 5 bits 11111, ISO/IEC 8825-1 §8.1.2.4), length 06, amount 000000001000;
  // 5F2A length 02 0978 (EUR).
  const hex = "9F0206000000001000" + "5F2A020978";
  it("bytes in a b field, hex text in a text field", () => {
    const r = unpackSubfields(BER_TLV, fromHex(hex), { de: 55 });
    if (r.kind !== "ber-tlv") throw new Error("kind");
    expect(r.items.map((t) => [t.tag, t.length, t.offset, toHex(t.value)])).toEqual([
      [0x9f02, 6, 0, "000000001000"],
      [0x5f2a, 2, 9, "0978"],
    ]);
    expect(
      toHex(
        packSubfields(BER_TLV, [
          { tag: "9F02", value: "000000001000" },
          { tag: 0x5f2a, value: "0978" },
        ]) as Uint8Array,
      ),
    ).toBe(hex);
    expect(
      packSubfields(BER_TLV_HEX, [
        { tag: "9F02", value: "000000001000" },
        { tag: "5F2A", value: "0978" },
      ]),
    ).toBe(hex);
    const t = unpackSubfields(BER_TLV_HEX, hex, { de: 55 });
    expect(t.kind === "ber-tlv" && t.items.length).toBe(2);
  });
});

const TWO_DIGIT: TlvLayout = { ...MC48, unknownTags: "error" };

/** The error table: input, exact code and message (offsets within the field). */
const ERRORS: readonly { name: string; run: () => unknown; code: string; message: string }[] = [
  {
    name: "length above a tag's max",
    run: () => text(MC48, "R260512345"),
    code: Iso8583ErrorCodes.subfieldLength,
    message: "DE 48.SE 26: length 5 exceeds max 3 at offset 3",
  },
  {
    name: "length below a tag's min",
    run: () => text(MC48, "R260210"),
    code: Iso8583ErrorCodes.subfieldLength,
    message: "DE 48.SE 26: length 2 below min 3 at offset 3",
  },
  {
    name: "odd hex length in a b subelement",
    run: () => text(CARDWIRE_SECURE_DATA, `04017${"0".repeat(17)}`),
    code: Iso8583ErrorCodes.subfieldLength,
    message: "DE 48.SE 04: length 17 is odd (hex text of bytes) at offset 2",
  },
  {
    name: "positional width on pack",
    run: () => packSubfields(ISO87_ORIGINAL_DATA_ELEMENTS, { mti: "200", stan: "000001" }, { de: 90 }),
    code: Iso8583ErrorCodes.subfieldLength,
    message: "DE 90.mti: length 3, expected 4 at offset 0",
  },
  {
    name: "remainder above its max",
    run: () => text(INVOICE, `000042000007${"x".repeat(21)}`, 62),
    code: Iso8583ErrorCodes.subfieldLength,
    message: "DE 62.note: length 21 exceeds max 20 at offset 12",
  },
  {
    name: "value longer than the length prefix can say (pack)",
    run: () =>
      packSubfields(
        TLV_TCC_N2_N2,
        [
          { id: "tcc", value: "R" },
          { id: "10", value: "x".repeat(100) },
        ],
        { de: 48 },
      ),
    code: Iso8583ErrorCodes.subfieldLength,
    message: "DE 48.SE 10: length 100 exceeds a 2-digit prefix at offset 3",
  },
  {
    name: "character outside the tag's type",
    run: () => text(MC48, "R26031A3"),
    code: Iso8583ErrorCodes.subfieldCharset,
    message: "DE 48.SE 26: character 2 not allowed in type n at offset 6",
  },
  {
    name: "lowercase hex in a b subelement",
    run: () => text(CARDWIRE_SECURE_DATA, "03020ffff9876543210e00001"),
    code: Iso8583ErrorCodes.subfieldCharset,
    message: "DE 48.SE 03: character 1 not allowed in type b at offset 5",
  },
  {
    name: "length prefix not digits",
    run: () => text(MC48, "R26x3103"),
    code: Iso8583ErrorCodes.subfieldCharset,
    message: "DE 48.SE 26: length prefix is not 2 decimal digits at offset 3",
  },
  {
    name: "positional character",
    run: () => text(ISO87_ORIGINAL_DATA_ELEMENTS, `02000001231123120500${"0".repeat(10)}X${"0".repeat(11)}`, 90),
    code: Iso8583ErrorCodes.subfieldCharset,
    message: "DE 90.acquirerId: character 11 not allowed in type n at offset 30",
  },
  {
    name: "empty value: the prefix is missing",
    run: () => text(MC48, ""),
    code: Iso8583ErrorCodes.subfieldTruncated,
    message: "DE 48.tcc: subfield needs 1 character, 0 left at offset 0",
  },
  {
    name: "cut inside a tag",
    run: () => text(MC48, "R2"),
    code: Iso8583ErrorCodes.subfieldTruncated,
    message: "DE 48: tag needs 2 characters, 1 left at offset 1",
  },
  {
    name: "cut inside a length prefix",
    run: () => text(MC48, "R260"),
    code: Iso8583ErrorCodes.subfieldTruncated,
    message: "DE 48.SE 26: length prefix needs 2 characters, 1 left at offset 3",
  },
  {
    name: "length beyond the value",
    run: () => text(MC48, "R2699103"),
    code: Iso8583ErrorCodes.subfieldTruncated,
    message: "DE 48.SE 26: length 99, 3 left at offset 3",
  },
  {
    name: "cut inside a positional subfield",
    run: () => text(INVOICE, "0000420000", 62),
    code: Iso8583ErrorCodes.subfieldTruncated,
    message: "DE 62.batch: subfield needs 6 characters, 4 left at offset 6",
  },
  {
    name: "characters after the last positional subfield",
    run: () => text(ISO87_ORIGINAL_DATA_ELEMENTS, "0".repeat(43), 90),
    code: Iso8583ErrorCodes.subfieldTrailing,
    message: "DE 90: 1 character after the last subfield at offset 42",
  },
  {
    name: "unknown tag when the layout says error",
    run: () => text(TWO_DIGIT, "R9901X"),
    code: Iso8583ErrorCodes.subfieldTag,
    message: "DE 48.SE 99: unknown tag at offset 1",
  },
  {
    name: "tag characters outside n2",
    run: () => text(MC48, "R2A03103"),
    code: Iso8583ErrorCodes.subfieldTag,
    message: "DE 48: tag is not n2 at offset 1",
  },
  {
    name: "an id that is neither prefix name nor tag (pack)",
    run: () =>
      packSubfields(
        MC48,
        [
          { id: "tcc", value: "R" },
          { id: "walletProgram", value: "103" },
        ],
        { de: 48 },
      ),
    code: Iso8583ErrorCodes.subfieldTag,
    message: "DE 48: id walletProgra is neither a prefix name nor a n2 tag at offset 1",
  },
  {
    name: "text layout given bytes",
    run: () => unpackSubfields(MC48, new Uint8Array(3), { de: 48 }),
    code: Iso8583ErrorCodes.subfieldValue,
    message: "DE 48: tlv subfields need text, got bytes at offset 0",
  },
  {
    name: "prefix missing on pack",
    run: () => packSubfields(MC48, [{ id: "26", value: "103" }], { de: 48 }),
    code: Iso8583ErrorCodes.subfieldValue,
    message: "DE 48.tcc: prefix subfield 1 (tcc) missing at offset 0",
  },
  {
    name: "required positional subfield missing",
    run: () => packSubfields(ISO87_ORIGINAL_DATA_ELEMENTS, { stan: "000001" }, { de: 90 }),
    code: Iso8583ErrorCodes.subfieldValue,
    message: "DE 90.mti: required subfield missing at offset 0",
  },
  {
    name: "a later subfield without the one before",
    run: () => packSubfields(INVOICE, { invoice: "000001", note: "x" }, { de: 62 }),
    code: Iso8583ErrorCodes.subfieldValue,
    message: "DE 62.note: given without batch before it at offset 6",
  },
  {
    name: "input of the wrong shape",
    run: () => packSubfields(MC48, "R2603103" as never, { de: 48 }),
    code: Iso8583ErrorCodes.subfieldValue,
    message: "DE 48: subfields must be a list of {id, value} or an object of strings at offset 0",
  },
  {
    name: "BER-TLV the src/emv decoder rejects",
    run: () => unpackSubfields(BER_TLV, fromHex("9F020500"), { de: 55 }),
    code: Iso8583ErrorCodes.subfieldBerTlv,
    message: "DE 55.9F02: length 5, only 1 bytes left, at byte 0",
  },
  {
    name: "BER-TLV hex carrier given bad hex",
    run: () => unpackSubfields(BER_TLV_HEX, "9F0G", { de: 55 }),
    code: Iso8583ErrorCodes.subfieldCharset,
    message: "DE 55: character 4 is not a hex digit at offset 3",
  },
  {
    name: "a malformed hand-built layout",
    run: () => unpackSubfields({ ...MC48, tagWidth: 0 }, "R", { de: 48 }),
    code: Iso8583ErrorCodes.spec,
    message: "DE 48: subfields: tagWidth 0 must be 1–8",
  },
];

describe("error table", () => {
  for (const row of ERRORS) {
    it(`${row.code}: ${row.name}`, () => {
      const got = thrown(row.run);
      expect({ code: got.code, message: got.message }).toEqual({ code: row.code, message: row.message });
    });
  }

  it("every subfield code is registered once and appears in the table", () => {
    const subCodes = Object.values(Iso8583ErrorCodes).filter((c) => c.startsWith("iso8583.subfield"));
    expect(subCodes.length).toBeGreaterThanOrEqual(7);
    for (const c of subCodes) {
      expect(errorCodes().get(c)).toBe("Iso8583Error");
      expect(ERRORS.some((r) => r.code === c)).toBe(true);
    }
  });

  it("BER-TLV errors carry the EmvError as cause and the coordinates", () => {
    try {
      unpackSubfields(BER_TLV, fromHex("9F020500"), { de: 55 });
      throw new Error("no throw");
    } catch (e) {
      expect(isCardwireError(e, "iso8583.subfield_ber_tlv")).toBe(true);
      expect((e as Iso8583Error).cause).toBeInstanceOf(EmvError);
      expect((e as Iso8583Error).toJSON()).toMatchObject({ field: "DE 55.9F02", offset: 0 });
    }
  });

  it("messages never carry the value", () => {
    const pan = "4761739001010119";
    const e = thrown(() => text(MC48, `R6117${pan}X`));
    expect(e).toEqual({
      code: "iso8583.subfield_charset",
      message: "DE 48.SE 61: character 17 not allowed in type n at offset 21",
      offset: 21,
    });
    expect(JSON.stringify(e)).not.toContain(pan.slice(6));
  });
});

const base = getSpec("iso87ascii");
const f48 = base.fields[48] as FieldSpec;

function derive(de: number, row: FieldSpec) {
  return () => deriveSpec(base, { name: "acme", description: "test", fields: { [de]: row } });
}

describe("layouts are checked when a spec is defined", () => {
  const BAD: readonly [string, () => unknown, string][] = [
    ["tag width", derive(48, { ...f48, subfields: { ...MC48, tagWidth: 9 } }), "tagWidth 9 must be 1–8"],
    ["length digits", derive(48, { ...f48, subfields: { ...MC48, lengthDigits: 5 } }), "lengthDigits 5 must be 1–4"],
    [
      "a tag of the wrong width",
      derive(48, { ...f48, subfields: { ...MC48, tags: [{ tag: "1", description: "x", type: "n", maxLength: 3 }] } }),
      "tag row 1: tag must be 2 characters of type n",
    ],
    [
      "a tag listed twice",
      derive(48, { ...f48, subfields: { ...MC48, tags: [MC48.tags[0]!, MC48.tags[0]!] } }),
      "tag 26 listed twice",
    ],
    [
      "a max the prefix cannot write",
      derive(48, {
        ...f48,
        subfields: { ...MC48, tags: [{ tag: "10", description: "x", type: "n", maxLength: 100 }] },
      }),
      "tag 10: maxLength 100 must be 1–99",
    ],
    [
      "an odd b width",
      derive(48, {
        ...f48,
        subfields: { ...TLV_N2_N3, tags: [{ tag: "10", description: "x", type: "b", maxLength: 3 }] },
      }),
      "tag 10: a b subelement is hex text, its lengths must be even",
    ],
    [
      "a prefix name that reads as a tag",
      derive(48, {
        ...f48,
        subfields: { ...TLV_N2_N3, tagType: "an", prefix: [{ name: "AB", description: "x", width: 1, type: "an" }] },
      }),
      "prefix 1: name AB reads as a tag",
    ],
    [
      "unknown kind",
      derive(48, { ...f48, subfields: { kind: "bitmap", description: "x" } as never }),
      "kind bitmap must be tlv, positional or ber-tlv",
    ],
    [
      "text layout on a b field",
      derive(52, { ...(base.fields[52] as FieldSpec), subfields: TLV_N2_N3 }),
      "tlv subfields need a text field, not type b",
    ],
    [
      "bytes BER-TLV on a text field",
      derive(48, { ...f48, subfields: BER_TLV }),
      "a text field carries BER-TLV as hex text (carrier hex)",
    ],
    [
      "hex BER-TLV on a b field",
      derive(55, { ...(base.fields[55] as FieldSpec), subfields: BER_TLV_HEX }),
      "a b field carries BER-TLV as bytes (carrier bytes)",
    ],
    [
      "subfield characters the field cannot hold",
      derive(90, { ...(base.fields[90] as FieldSpec), subfields: INVOICE }),
      "note: type ans does not fit field type n",
    ],
    [
      "widths that do not cover a fixed field",
      derive(90, {
        ...(base.fields[90] as FieldSpec),
        subfields: { ...ISO87_ORIGINAL_DATA_ELEMENTS, subfields: ISO87_ORIGINAL_DATA_ELEMENTS.subfields.slice(0, 4) },
      }),
      "subfields cover 31 characters of a fixed field of 42",
    ],
    [
      "widths beyond the field",
      derive(48, { ...f48, length: 10, subfields: INVOICE }),
      "subfields cover 12 characters, the field holds at most 10",
    ],
  ];
  for (const [name, run, what] of BAD) {
    it(name, () => {
      const got = thrown(run);
      expect(got.code).toBe("iso8583.spec");
      expect(got.message).toMatch(/^spec acme: DE \d+: subfields: /);
      expect(got.message.replace(/^spec acme: DE \d+: subfields: /, "")).toBe(what);
    });
  }

  it("every shipped spec's layouts pass, and DE 55 says BER-TLV", () => {
    for (const name of SPEC_NAMES) {
      const spec = getSpec(name);
      expect(() => deriveSpec(spec, { name: `${name}-copy`, description: "copy" })).not.toThrow();
    }
    expect(getSpec("iso87binary").fields[55]?.subfields).toBe(BER_TLV);
    expect(getSpec("iso_8583").fields[55]?.subfields).toBe(BER_TLV_HEX);
    expect(getSpec("cardwire87ascii").fields[48]?.subfields).toBe(CARDWIRE_SECURE_DATA);
  });

  it("a dialect adds a layout with deriveSpec and the wire stays the same", () => {
    const acme = deriveSpec(base, { name: "acme", description: "test", fields: { 48: { ...f48, subfields: MC48 } } });
    const msg = { mti: "0100", fields: { 48: packSubfields(MC48, { tcc: "R", "26": "103" }, { de: 48 }) } };
    const bytes = packMessage(acme, msg);
    expect(bytes).toEqual(packMessage(base, msg));
    expect(unpackMessage(acme, bytes).fields[48]).toBe("R2603103");
  });
});

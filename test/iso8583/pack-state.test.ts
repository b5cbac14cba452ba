/**
 * The codec's reused state: pack's collect arrays and bitmap scratch (with the
 * fast field walk that replaces Object.keys), unpack's per-spec templates for
 * the `fields` object (src/iso8583/shapes.ts) and the last-spec shortcut of
 * compileSpec. Each test would fail if state leaked from one call to the next,
 * if a re-entrant call clobbered an outer one, or if the fast paths accepted
 * a key the Object.keys path rejects.
 */
import { describe, expect, it } from "vitest";
import { BENCH_DE55, BENCH_TEXT } from "../../bench/iso8583-message.js";
import { toHex } from "../../src/bytes/index.js";
import {
  type FieldValue,
  getSpec,
  type IsoMessage,
  Iso8583Error,
  packMessage,
  unpackMessage,
} from "../../src/iso8583/index.js";

const ascii = getSpec("iso87ascii");
const binary = getSpec("iso87binary");
const bench: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 55: BENCH_DE55 } };
const small: IsoMessage = { mti: "0800", fields: { 7: "0911131411", 11: "000042", 70: "301" } };

function thrown(fn: () => unknown): Iso8583Error {
  try {
    fn();
  } catch (e) {
    if (e instanceof Iso8583Error) return e;
    throw e;
  }
  throw new Error("expected an Iso8583Error");
}

/** Bytes packed before any other pack in this file ran: what a pack with no history produces. */
const reference = {
  bench: toHex(packMessage(ascii, bench)),
  small: toHex(packMessage(ascii, small)),
};

describe("pack state", () => {
  it("a pack that throws mid-message leaves nothing behind for the next one", () => {
    // DE 41 fails its character check after DE 2–37 were collected and measured.
    const bad: IsoMessage = { mti: "0200", fields: { ...BENCH_TEXT, 41: "TERM\u00e9001", 55: BENCH_DE55 } };
    expect(thrown(() => packMessage(ascii, bad)).code).toBe("iso8583.charset");
    expect(toHex(packMessage(ascii, small))).toBe(reference.small);
    expect(thrown(() => packMessage(ascii, bad)).code).toBe("iso8583.charset");
    expect(toHex(packMessage(ascii, bench))).toBe(reference.bench);
  });

  it("a smaller message after a larger one carries none of its fields", () => {
    packMessage(ascii, bench);
    const out = packMessage(ascii, small);
    expect(toHex(out)).toBe(reference.small);
    expect(Object.keys(unpackMessage(ascii, out).fields)).toEqual(["7", "11", "70"]);
  });

  it("a getter that packs another message while the outer pack collects does not clobber it", () => {
    let inner = "";
    const fields: Record<number, FieldValue> = { ...BENCH_TEXT, 55: BENCH_DE55 };
    Object.defineProperty(fields, 11, {
      enumerable: true,
      get() {
        inner = toHex(packMessage(ascii, small));
        return "000001";
      },
    });
    const outer = toHex(packMessage(ascii, { mti: "0200", fields }));
    expect(inner).toBe(reference.small);
    expect(outer).toBe(reference.bench);
    // Depth is back to 0: the next pack uses (and cleans) the shared state again.
    expect(toHex(packMessage(ascii, bench))).toBe(reference.bench);
  });

  it("alternating specs give the same bytes as each spec alone (compileSpec's last-spec shortcut)", () => {
    const a = toHex(packMessage(ascii, bench));
    const b = toHex(packMessage(binary, bench));
    expect(toHex(packMessage(ascii, bench))).toBe(a);
    expect(toHex(packMessage(binary, bench))).toBe(b);
    expect(a).not.toBe(b);
  });
});

describe("unknown keys stay errors on the fast field walk", () => {
  // Keys that sort before, between and after the defined ones, with values
  // equal to a defined field's value so that only the key tells them apart.
  const table: readonly { name: string; fields: Record<string, FieldValue>; message: RegExp }[] = [
    {
      name: "bit 1 with a duplicate value",
      fields: { 1: "000000", 3: "000000" },
      message: /^DE 1: bitmaps are derived/,
    },
    { name: "bit 65", fields: { 3: "000000", 65: "000000" }, message: /^DE 65: bitmaps are derived/ },
    {
      name: "field above 128",
      fields: { 3: "000000", 200: "000000" },
      message: /^DE 200: the spec defines no such field/,
    },
    { name: "named key", fields: { 3: "000000", foo: "000000" }, message: /^DE foo: the spec defines no such field/ },
    { name: "field 0", fields: { 0: "000000", 3: "000000" }, message: /^DE 0: the spec defines no such field/ },
    {
      name: "undefined value",
      fields: { 3: "000000", 4: undefined as unknown as string },
      message: /^DE 4: value is undefined/,
    },
  ];
  for (const row of table) {
    it(row.name, () => {
      const e = thrown(() => packMessage(ascii, { mti: "0200", fields: row.fields }));
      expect(e.code).toBe("iso8583.value");
      expect(e.message).toMatch(row.message);
    });
  }

  it("inherited values are not fields (only own enumerable keys are)", () => {
    const proto = { 2: "4761739001010119", 3: "000000" };
    const fields = Object.create(proto) as Record<number, FieldValue>;
    fields[3] = "000000";
    const out = unpackMessage(ascii, packMessage(ascii, { mti: "0200", fields }));
    expect(out.fields).toEqual({ 3: "000000" });
  });

  it("a null-prototype fields object packs like a plain one", () => {
    const fields = Object.assign(Object.create(null) as Record<number, FieldValue>, small.fields);
    expect(toHex(packMessage(ascii, { mti: "0800", fields }))).toBe(reference.small);
  });
});

describe("unpack field templates", () => {
  const packed = packMessage(ascii, bench);

  it("every unpack returns its own object, with exactly the fields of its bitmap", () => {
    const a = unpackMessage(ascii, packed);
    const b = unpackMessage(ascii, packed);
    expect(a.fields).not.toBe(b.fields);
    (a.fields as Record<number, FieldValue>)[3] = "999999";
    expect(b.fields[3]).toBe("000000");
    expect(unpackMessage(ascii, packed).fields[3]).toBe("000000");
    expect(Object.keys(b.fields).map(Number)).toEqual([...Object.keys(BENCH_TEXT).map(Number), 55]);
  });

  it("more distinct bitmaps than the cache holds, in rotation, each unpack exactly", () => {
    const des = Object.keys(BENCH_TEXT).map(Number);
    // 12 shapes: the bench message minus one text field each; then 70 for a secondary bitmap.
    const messages = des.slice(0, 12).map((drop, i) => {
      const fields: Record<number, FieldValue> = {};
      for (const de of des) if (de !== drop) fields[de] = BENCH_TEXT[de] as string;
      if (i % 2 === 1) fields[70] = "301";
      return { mti: "0200", fields } satisfies IsoMessage;
    });
    const bytes = messages.map((m) => packMessage(ascii, m));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < messages.length; i++) {
        const got = unpackMessage(ascii, bytes[i] as Uint8Array);
        expect(got.fields).toEqual((messages[i] as IsoMessage).fields);
        expect(Object.keys(got.fields)).toEqual(Object.keys((messages[i] as IsoMessage).fields));
      }
    }
  });

  it("an unpack that fails after the template was cloned does not affect the next one", () => {
    const truncated = packed.subarray(0, packed.length - 10);
    unpackMessage(ascii, packed); // the template for this bitmap exists now
    expect(thrown(() => unpackMessage(ascii, truncated)).code).toBe("iso8583.truncated");
    expect(unpackMessage(ascii, packed).fields).toEqual(bench.fields);
  });
});

describe("type n arithmetic digit check", () => {
  const bad: readonly [string, number][] = [
    ["00A000", 3],
    ["/00000", 1],
    ["00000:", 6],
    ["00\u0660000", 3], // ARABIC-INDIC DIGIT ZERO: a digit to Unicode, not to ISO 8583
    ["000\u0130", 4],
  ];
  for (const [value, at] of bad) {
    it(`pack rejects ${JSON.stringify(value)} at character ${at}`, () => {
      const e = thrown(() => packMessage(ascii, { mti: "0200", fields: { 3: value.padEnd(6, "0").slice(0, 6) } }));
      expect(e.code).toBe("iso8583.charset");
      expect(e.message).toContain(`character ${at} `);
      expect(e.field).toBe("DE 3");
    });
  }

  it("unpack rejects each non-digit byte of an n field with its offset", () => {
    const ok = packMessage(ascii, { mti: "0200", fields: { 3: "000000" } });
    for (const [byte, i] of [
      [0x2f, 0],
      [0x3a, 5],
      [0x41, 2],
      [0xb0, 3],
    ] as const) {
      const b = ok.slice();
      b[20 + i] = byte;
      const e = thrown(() => unpackMessage(ascii, b));
      expect(e.code).toBe("iso8583.charset");
      expect(e.offset).toBe(20 + i);
    }
    expect(unpackMessage(ascii, ok).fields[3]).toBe("000000");
  });
});

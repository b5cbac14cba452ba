/**
 * Subfields, by property: for generated layouts of each kind, any valid
 * entries pack and unpack back to the same entries (and the text back to the
 * same text); unpack of random values and of mutations of valid values, pack
 * of arbitrary inputs and compile of arbitrary layouts only ever throw an
 * Iso8583Error. Plus a growth check: unpack time is linear in the tag count.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toTlvInput } from "../../src/emv/index.js";
import {
  BER_TLV,
  BER_TLV_HEX,
  CARDWIRE_SECURE_DATA,
  describeMessage,
  getSpec,
  ISO87_ORIGINAL_DATA_ELEMENTS,
  Iso8583Error,
  type PositionalLayout,
  packSubfields,
  type SubfieldEntry,
  type SubfieldLayout,
  type SubfieldType,
  type TextSubfields,
  TLV_N2_N3,
  TLV_TCC_N2_N2,
  type TlvLayout,
  messageToJSON,
  unpackSubfields,
} from "../../src/iso8583/index.js";
import { DIGITS, ALPHABET as FIELD_ALPHABET } from "./arbitraries.js";

/** Subfield types: the field types' alphabets, and `b` as hex text. */
const ALPHABET: Readonly<Record<SubfieldType, string>> = {
  n: FIELD_ALPHABET.n as string,
  a: FIELD_ALPHABET.a as string,
  an: FIELD_ALPHABET.an as string,
  anp: FIELD_ALPHABET.anp as string,
  as: FIELD_ALPHABET.as as string,
  ns: FIELD_ALPHABET.ns as string,
  ans: FIELD_ALPHABET.ans as string,
  b: "0123456789ABCDEF",
};
const TYPES = Object.keys(ALPHABET) as SubfieldType[];

function textOf(alphabet: string, n: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((cs) => cs.join(""));
}

function subValue(type: SubfieldType, min: number, max: number): fc.Arbitrary<string> {
  const len = fc.integer({ min, max });
  return type === "b" ? len.chain((n) => textOf(ALPHABET.b, n - (n % 2))) : len.chain((n) => textOf(ALPHABET[type], n));
}

/** A random well-formed tlv layout: tag width 1–3 digits, length 1–3 digits, 0–2 prefix subfields, 0–6 known tags. */
const tlvLayoutArb: fc.Arbitrary<TlvLayout> = fc
  .record({
    tagWidth: fc.integer({ min: 1, max: 3 }),
    lengthDigits: fc.integer({ min: 1, max: 3 }),
    prefixWidths: fc.array(fc.record({ width: fc.integer({ min: 1, max: 4 }), type: fc.constantFrom(...TYPES) }), {
      maxLength: 2,
    }),
    unknownTags: fc.constantFrom("keep" as const, "error" as const),
    repeats: fc.boolean(),
  })
  .chain((p) => {
    const limit = Math.min(10 ** p.lengthDigits - 1, 40);
    const tagArb = textOf(DIGITS, p.tagWidth);
    const rowArb = fc.record({
      tag: tagArb,
      type: fc.constantFrom(...TYPES),
      max: fc.integer({ min: 2, max: Math.max(2, limit - (limit % 2)) }),
      min: fc.integer({ min: 0, max: 2 }),
    });
    return fc.uniqueArray(rowArb, { selector: (r) => r.tag, maxLength: 6 }).map(
      (rows): TlvLayout => ({
        kind: "tlv",
        description: "generated",
        tagWidth: p.tagWidth,
        lengthDigits: p.lengthDigits,
        prefix: p.prefixWidths.map((w, i) => ({
          name: `p${i}`,
          description: "prefix",
          width: w.type === "b" ? 2 * w.width : w.width,
          type: w.type,
        })),
        tags: rows.map((r) => ({
          tag: r.tag,
          description: "tag",
          type: r.type,
          maxLength: r.type === "b" ? r.max - (r.max % 2) : r.max,
          minLength: Math.min(r.min - (r.min % 2), r.max - (r.max % 2)),
        })),
        unknownTags: p.unknownTags,
        repeats: p.repeats,
      }),
    );
  });

/** Valid entries for a tlv layout: the prefix, then known and (if allowed) unknown tags. */
function tlvEntriesArb(l: TlvLayout): fc.Arbitrary<SubfieldEntry[]> {
  const prefix = fc.tuple(
    ...(l.prefix ?? []).map((p) => subValue(p.type, p.width, p.width).map((value) => ({ id: p.name, value }))),
  );
  const known = l.tags.map((t) =>
    subValue(t.type, t.minLength ?? 0, t.maxLength).map((value) => ({ id: t.tag, value })),
  );
  const unknownTag = textOf(DIGITS, l.tagWidth).filter((t) => !l.tags.some((k) => k.tag === t));
  const unknown = fc.record({
    id: unknownTag,
    value: fc.integer({ min: 0, max: Math.min(10 ** l.lengthDigits - 1, 30) }).chain((n) => textOf(ALPHABET.ans, n)),
  });
  const one =
    l.unknownTags === "error"
      ? known.length > 0
        ? fc.oneof(...known)
        : undefined
      : known.length > 0
        ? fc.oneof(...known, unknown)
        : unknown;
  const tags = one === undefined ? fc.constant([]) : fc.array(one, { maxLength: 8 });
  return fc.tuple(prefix, tags).map(([p, t]) => {
    const seen = new Set<string>();
    const body = l.repeats ? t : t.filter((e) => !seen.has(e.id) && seen.add(e.id));
    return [...p, ...body];
  });
}

const positionalArb: fc.Arbitrary<PositionalLayout> = fc
  .record({
    rows: fc.array(fc.record({ width: fc.integer({ min: 1, max: 8 }), type: fc.constantFrom(...TYPES) }), {
      minLength: 1,
      maxLength: 6,
    }),
    rest: fc.option(fc.record({ type: fc.constantFrom(...TYPES), max: fc.integer({ min: 2, max: 30 }) }), {
      nil: undefined,
    }),
    requiredFraction: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ rows, rest, requiredFraction }) => ({
    kind: "positional",
    description: "generated",
    subfields: rows.map((r, i) => ({
      name: `s${i}`,
      description: "sub",
      width: r.type === "b" ? 2 * r.width : r.width,
      type: r.type,
    })),
    required: Math.floor(requiredFraction * rows.length),
    ...(rest !== undefined && { rest: { name: "rest", description: "rest", type: rest.type, maxLength: rest.max } }),
  }));

function positionalEntriesArb(l: PositionalLayout): fc.Arbitrary<SubfieldEntry[]> {
  const all = l.subfields.map((s) => subValue(s.type, s.width, s.width).map((value) => ({ id: s.name, value })));
  return fc.integer({ min: l.required ?? l.subfields.length, max: l.subfields.length }).chain((k) => {
    const head = fc.tuple(...all.slice(0, k));
    if (k < l.subfields.length || l.rest === undefined) return head;
    const rest = l.rest;
    const restArb = subValue(rest.type, 1, rest.maxLength).filter((v) => v.length > 0);
    return fc
      .tuple(head, fc.option(restArb, { nil: undefined }))
      .map(([h, r]) => (r === undefined ? h : [...h, { id: rest.name, value: r }]));
  });
}

function idsAndValues(r: TextSubfields): SubfieldEntry[] {
  return r.entries.map((e) => ({ id: e.id, value: e.value }));
}

/** Runs `f`; passes on a result or an Iso8583Error, fails on anything else. */
function onlyIsoErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!(e instanceof Iso8583Error)) throw e;
  }
}

describe("round trips", () => {
  it("tlv: entries → pack → unpack → the same entries, and the text back to itself", () => {
    fc.assert(
      fc.property(
        tlvLayoutArb.chain((l) => fc.tuple(fc.constant(l), tlvEntriesArb(l))),
        ([layout, entries]) => {
          const packed = packSubfields(layout, entries, { de: 48 });
          const back = unpackSubfields(layout, packed, { de: 48 }) as TextSubfields;
          expect(idsAndValues(back)).toEqual(entries);
          expect(packSubfields(layout, back.entries)).toBe(packed);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("positional: entries → pack → unpack → the same entries", () => {
    fc.assert(
      fc.property(
        positionalArb.chain((l) => fc.tuple(fc.constant(l), positionalEntriesArb(l))),
        ([layout, entries]) => {
          const packed = packSubfields(layout, entries, { de: 62 });
          const back = unpackSubfields(layout, packed, { de: 62 }) as TextSubfields;
          expect(idsAndValues(back)).toEqual(entries);
        },
      ),
      { numRuns: 400 },
    );
  });

  const PRIMITIVE_TAGS = [0x5a, 0x57, 0x82, 0x95, 0x9a, 0x9c, 0x5f2a, 0x9f02, 0x9f26, 0x9f36, 0x9f1e];
  const primitive = fc.record({
    tag: fc.constantFrom(...PRIMITIVE_TAGS),
    value: fc.uint8Array({ maxLength: 140 }), // past 127: long-form lengths (ISO/IEC 8825-1 §8.1.3.5)
  });
  const itemsArb = fc.array(
    fc.oneof(primitive, fc.record({ tag: fc.constant(0x70), children: fc.array(primitive, { maxLength: 4 }) })),
    { maxLength: 6 },
  );

  it("ber-tlv: items → pack → unpack → the same items, as bytes and as hex text", () => {
    fc.assert(
      fc.property(itemsArb, (items) => {
        const bytes = packSubfields(BER_TLV, items, { de: 55 });
        const back = unpackSubfields(BER_TLV, bytes, { de: 55 });
        expect(back.kind === "ber-tlv" && toTlvInput(back.items)).toEqual(items);
        const hex = packSubfields(BER_TLV_HEX, items, { de: 55 });
        const backHex = unpackSubfields(BER_TLV_HEX, hex, { de: 55 });
        expect(backHex.kind === "ber-tlv" && toTlvInput(backHex.items)).toEqual(items);
      }),
      { numRuns: 300 },
    );
  });
});

const SHIPPED_TEXT: readonly SubfieldLayout[] = [
  TLV_N2_N3,
  TLV_TCC_N2_N2,
  CARDWIRE_SECURE_DATA,
  ISO87_ORIGINAL_DATA_ELEMENTS,
];

/** Random strings biased to what subfields are made of, plus anything (surrogates, controls). */
const noisyText = fc.oneof(
  fc.array(fc.constantFrom(..."0123456789ABCDEF0123456789 R=x"), { maxLength: 120 }).map((cs) => cs.join("")),
  fc.string({ maxLength: 120, unit: "binary" }),
);

function mutate(v: string, ops: readonly { at: number; kind: number; ch: string }[]): string {
  let s = v;
  for (const { at, kind, ch } of ops) {
    const i = s.length === 0 ? 0 : at % (s.length + 1);
    if (kind === 0) s = s.slice(0, i) + ch + s.slice(i + 1);
    else if (kind === 1) s = s.slice(0, i) + ch + s.slice(i);
    else if (kind === 2) s = s.slice(0, i) + s.slice(i + 1);
    else s = s.slice(0, i);
  }
  return s;
}
const opsArb = fc.array(
  fc.record({ at: fc.nat(), kind: fc.integer({ min: 0, max: 3 }), ch: fc.constantFrom(..."09AZ z\u0000\u00e9\ud800") }),
  { minLength: 1, maxLength: 4 },
);

describe("fuzzing: only Iso8583Error, whatever the input", () => {
  it("unpack of random text with the shipped and generated text layouts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...SHIPPED_TEXT), tlvLayoutArb, positionalArb), noisyText, (layout, v) => {
        onlyIsoErrors(() => unpackSubfields(layout, v, { de: 48 }));
      }),
      { numRuns: 1500 },
    );
  });

  it("unpack of mutated valid values", () => {
    const layoutAndValue = fc.oneof(
      tlvLayoutArb.chain((l) =>
        fc.tuple(
          fc.constant<SubfieldLayout>(l),
          tlvEntriesArb(l).map((e) => packSubfields(l, e)),
        ),
      ),
      positionalArb.chain((l) =>
        fc.tuple(
          fc.constant<SubfieldLayout>(l),
          positionalEntriesArb(l).map((e) => packSubfields(l, e)),
        ),
      ),
    );
    fc.assert(
      fc.property(layoutAndValue, opsArb, ([layout, v], ops) => {
        onlyIsoErrors(() => unpackSubfields(layout, mutate(v, ops), { de: 48 }));
      }),
      { numRuns: 1500 },
    );
  });

  it("ber-tlv unpack of random and mutated bytes, and of random hex text", () => {
    const valid = Uint8Array.from([0x70, 0x0b, 0x9f, 0x02, 0x06, 0, 0, 0, 0, 0x10, 0, 0x5a, 0x01, 0x47]);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }), { maxLength: 4 }),
        noisyText,
        (random, flips, text) => {
          onlyIsoErrors(() => unpackSubfields(BER_TLV, random, { de: 55 }));
          const m = valid.slice();
          for (const f of flips) m[f.at % m.length] = f.byte;
          onlyIsoErrors(() => unpackSubfields(BER_TLV, m, { de: 55 }));
          onlyIsoErrors(() => unpackSubfields(BER_TLV_HEX, text, { de: 55 }));
          onlyIsoErrors(() => unpackSubfields(BER_TLV, text, { de: 55 }));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("pack of arbitrary input and unpack with arbitrary layouts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SubfieldLayout>(...SHIPPED_TEXT, BER_TLV, BER_TLV_HEX),
        fc.anything({ maxDepth: 3 }),
        (layout, input) => {
          onlyIsoErrors(() => packSubfields(layout, input as never, { de: 48 }));
          onlyIsoErrors(() => unpackSubfields(input as never, "R2603103", { de: 48 }));
        },
      ),
      { numRuns: 1500 },
    );
  });
});

describe("views never throw on a field value of the right kind", () => {
  const SPECS = ["cardwire87ascii", "iso87ascii", "iso87binary", "iso_8583", "iso93ascii"].map((n) => getSpec(n));
  it("messageToJSON and describeMessage, masked and revealed, for random DE 48/55/90 values", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SPECS),
        noisyText,
        fc.uint8Array({ maxLength: 40 }),
        textOf(DIGITS, 42),
        (spec, text, bytes, digits) => {
          const fields: Record<number, string | Uint8Array> = {
            48: text,
            55: spec.fields[55]?.type === "b" ? bytes : text,
            90: spec.fields[90]?.type === "n" ? digits : text,
          };
          const message = { mti: "0100", fields };
          for (const reveal of [false, true]) {
            expect(typeof JSON.stringify(messageToJSON(spec, message, { reveal }))).toBe("string");
            expect(typeof describeMessage(spec, message, { reveal })).toBe("string");
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});

describe("growth", () => {
  it("unpack time grows linearly with the number of unknown tags", () => {
    const layout: TlvLayout = { ...TLV_N2_N3, tagWidth: 4, lengthDigits: 1, repeats: true };
    const many = (n: number) => {
      let s = "";
      for (let i = 0; i < n; i++) s += `${String(i % 10000).padStart(4, "0")}0`;
      return s;
    };
    const time = (v: string) => {
      let best = Number.POSITIVE_INFINITY;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        unpackSubfields(layout, v);
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const small = many(2000);
    const large = many(16000); // 8× the tags; a quadratic step would take ~64×
    time(small);
    expect((unpackSubfields(layout, large) as TextSubfields).unknownTags).toHaveLength(10000);
    expect(time(large) / Math.max(time(small), 0.05)).toBeLessThan(30);
  });
});

/**
 * Round trip for every shipped spec (any valid message → pack → unpack → equal)
 * and fuzzing of unpack: random and mutated bytes only ever throw a CardwireError.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import {
  type FieldSpec,
  type FieldValue,
  getSpec,
  type IsoMessage,
  type MessageSpec,
  packMessage,
  SPEC_NAMES,
  unpackMessage,
} from "../../src/iso8583/index.js";

const DIGITS = "0123456789";
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SPECIALS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const ALPHABET: Readonly<Record<string, string>> = {
  n: DIGITS,
  a: `${LETTERS} `,
  an: `${LETTERS}${DIGITS} `,
  anp: `${LETTERS}${DIGITS} `,
  as: `${LETTERS} ${SPECIALS}`,
  ns: `${DIGITS}${SPECIALS}`,
  ans: `${LETTERS}${DIGITS} ${SPECIALS}`,
  z: `${DIGITS}D`,
  "x+n": DIGITS,
};

function textOf(alphabet: string, length: fc.Arbitrary<number>): fc.Arbitrary<string> {
  return length.chain((n) =>
    fc.array(fc.constantFrom(...alphabet), { minLength: n, maxLength: n }).map((cs) => cs.join("")),
  );
}

function valueArb(f: FieldSpec): fc.Arbitrary<FieldValue> {
  const len = f.lengthType === "fixed" ? fc.constant(f.length) : fc.integer({ min: 0, max: Math.min(f.length, 48) });
  if (f.type === "b") return len.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
  if (f.type === "x+n") {
    return fc
      .tuple(
        fc.constantFrom("C", "D"),
        textOf(
          DIGITS,
          len.map((n) => Math.max(0, n - 1)),
        ),
      )
      .map(([s, d]) => s + d);
  }
  return textOf(ALPHABET[f.type] as string, len);
}

function messageArb(spec: MessageSpec): fc.Arbitrary<IsoMessage> {
  const entries = spec.fieldNumbers.map((de) => [de, valueArb(spec.fields[de] as FieldSpec)] as const);
  const fieldsArb = fc
    .subarray(entries as (readonly [number, fc.Arbitrary<FieldValue>])[], { maxLength: 24 })
    .chain((picked) =>
      fc
        .tuple(...picked.map(([de, arb]) => arb.map((v) => [de, v] as const)))
        .map((pairs) => Object.fromEntries(pairs)),
    );
  const header =
    spec.headerLength > 0
      ? fc.uint8Array({ minLength: spec.headerLength, maxLength: spec.headerLength })
      : fc.constant(undefined);
  return fc
    .tuple(textOf(DIGITS, fc.constant(4)), fieldsArb, header)
    .map(([mti, fields, h]) => (h === undefined ? { mti, fields } : { mti, fields, header: h }));
}

describe("round trip: pack → unpack → equal, every spec", () => {
  for (const name of SPEC_NAMES) {
    it(name, () => {
      const spec = getSpec(name);
      fc.assert(
        fc.property(messageArb(spec), (m) => {
          const back = unpackMessage(spec, packMessage(spec, m), { copy: true });
          expect(back).toEqual(m);
        }),
        { numRuns: 150 },
      );
    });
  }
});

function onlyTypedErrors(spec: MessageSpec, bytes: Uint8Array): void {
  try {
    unpackMessage(spec, bytes);
  } catch (e) {
    if (!isCardwireError(e) || !e.code.startsWith("iso8583.")) throw e;
  }
}

describe("fuzz: unpack throws only typed errors", () => {
  for (const name of SPEC_NAMES) {
    it(`${name}: random bytes`, () => {
      const spec = getSpec(name);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
          onlyTypedErrors(spec, bytes);
        }),
        { numRuns: 300 },
      );
    });
    it(`${name}: mutated valid messages`, () => {
      const spec = getSpec(name);
      const mutation = fc.record({
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
        cut: fc.nat(),
        kind: fc.constantFrom("flip", "truncate", "extend", "set"),
      });
      fc.assert(
        fc.property(messageArb(spec), mutation, (m, mu) => {
          const good = packMessage(spec, m);
          let bad: Uint8Array;
          if (mu.kind === "truncate") bad = good.subarray(0, mu.cut % (good.length + 1));
          else if (mu.kind === "extend") bad = Uint8Array.from([...good, mu.byte]);
          else {
            bad = good.slice();
            const i = mu.at % Math.max(1, bad.length);
            if (bad.length > 0) bad[i] = mu.kind === "flip" ? (bad[i] as number) ^ (1 << (mu.byte % 8)) : mu.byte;
          }
          onlyTypedErrors(spec, bad);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("a declared length never drives allocation beyond the input", () => {
    const spec = getSpec("iso87binary");
    // LLL BCD 0999 for DE 55 with 1 byte behind it.
    const bytes = Uint8Array.from([0x02, 0x00, 0, 0, 0, 0, 0, 0, 0x02, 0x00, 0x09, 0x99, 0x01]);
    expect(() => unpackMessage(spec, bytes)).toThrow("DE 55: needs 999 bytes, 1 left at offset 12");
  });
});

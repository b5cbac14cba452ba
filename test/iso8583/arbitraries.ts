/**
 * fast-check generators for ISO 8583 messages, shared by the round-trip,
 * fuzz and jit-versus-interpreter tests: any valid message of a spec, and
 * byte mutations of a packed one.
 */
import fc from "fast-check";
import type { FieldSpec, FieldValue, IsoMessage, MessageSpec } from "../../src/iso8583/index.js";

export const DIGITS = "0123456789";
export const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
export const SPECIALS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
/** Characters each ISO 8583 data type admits (ISO 8583:1987 §4.2; `z` as cardwire carries track 2). */
export const ALPHABET: Readonly<Record<string, string>> = {
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

export function valueArb(f: FieldSpec): fc.Arbitrary<FieldValue> {
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

export function messageArb(spec: MessageSpec): fc.Arbitrary<IsoMessage> {
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

export interface Mutation {
  readonly at: number;
  readonly byte: number;
  readonly cut: number;
  readonly kind: "flip" | "truncate" | "extend" | "set";
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  byte: fc.integer({ min: 0, max: 255 }),
  cut: fc.nat(),
  kind: fc.constantFrom("flip" as const, "truncate" as const, "extend" as const, "set" as const),
});

/** `good` with one byte flipped or set, cut short, or one byte appended. */
export function mutate(good: Uint8Array, mu: Mutation): Uint8Array {
  if (mu.kind === "truncate") return good.subarray(0, mu.cut % (good.length + 1));
  if (mu.kind === "extend") return Uint8Array.from([...good, mu.byte]);
  const bad = good.slice();
  const i = mu.at % Math.max(1, bad.length);
  if (bad.length > 0) bad[i] = mu.kind === "flip" ? (bad[i] as number) ^ (1 << (mu.byte % 8)) : mu.byte;
  return bad;
}

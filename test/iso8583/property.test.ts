/**
 * Round trip for every shipped spec (any valid message → pack → unpack → equal)
 * and fuzzing of unpack: random and mutated bytes only ever throw a CardwireError.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../src/errors/index.js";
import { getSpec, type MessageSpec, packMessage, SPEC_NAMES, unpackMessage } from "../../src/iso8583/index.js";
import { messageArb, mutationArb, mutate } from "./arbitraries.js";

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
      fc.assert(
        fc.property(messageArb(spec), mutationArb, (m, mu) => {
          onlyTypedErrors(spec, mutate(packMessage(spec, m), mu));
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

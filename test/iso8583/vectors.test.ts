/**
 * Interop: the 22 messages in ../shared/interop/iso8583-vectors.json (jPOS
 * golden files, pyiso8583, moov-io, iso_8583). Each maps to one shipped spec;
 * every one unpacks to its expected fields and packs back byte-identical.
 * Skips cleanly when ../shared is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../../src/bytes/index.js";
import { isCardwireError } from "../../src/errors/index.js";
import { deframeAll, getSpec, type IsoMessage, packMessage, unpackMessage } from "../../src/iso8583/index.js";

const file = resolve(process.cwd(), "../shared/interop/iso8583-vectors.json");
const present = existsSync(file);

interface Vector {
  readonly id: string;
  readonly hex: string;
  readonly expected: Readonly<Record<string, string>>;
}

/**
 * spec: which shipped spec speaks the vector's dialect. strictFails: the vector
 * breaks an ISO data type, so strict unpack must reject it with this error and
 * the lenient mode (`validate: false`) reads it — the reason is in the comment.
 */
const MAP: Readonly<Record<string, { spec: string; framing?: "2byte"; strictFails?: string }>> = {
  // jPOS golden data puts "0" where an x+n sign (C/D) belongs in DE 28–31.
  "jpos-ISO87APackager": { spec: "iso87ascii-jpos", strictFails: "DE 28: sign must be C or D (x+n) at offset 192" },
  "jpos-ISO87BPackager": { spec: "iso87binary", strictFails: "DE 28: sign must be C or D (x+n) at offset 100" },
  "jpos-ISO87A-Field64": { spec: "iso87ascii-jpos", strictFails: "DE 28: sign must be C or D (x+n) at offset 176" },
  "jpos-ISO87B-Field64": { spec: "iso87binary", strictFails: "DE 28: sign must be C or D (x+n) at offset 92" },
  // ... and letters in DE 34 (ns: digits and specials only).
  "jpos-ISO93APackager": { spec: "iso93ascii", strictFails: "DE 34: character not allowed in type ns at offset 293" },
  "jpos-ISO93BPackager": { spec: "iso93binary", strictFails: "DE 34: character not allowed in type ns at offset 166" },
  "jpos-ISO93ebcdic-Custom-Img": { spec: "iso93ebcdic-jpos-custom" },
  // The how-to puts the text "cardholder PAN" in DE 2 (n): strict pack and unpack refuse it.
  "pyiso-howto-cardholder": { spec: "iso87ascii", strictFails: "DE 2: character not allowed in type n at offset 22" },
  "pyiso-howto-secondary": { spec: "iso87ascii" },
  "pyiso-howto-icc-binary": { spec: "iso87ascii" },
  "pyiso-readme-binary-bitmap": { spec: "iso87ascii-binbitmap" },
  "pyiso-nibbles-bcd-leftpad0": { spec: "pyiso-bcd2-lpad0" },
  "pyiso-nibbles-bcd-rightpadF": { spec: "pyiso-bcd2-rpadF" },
  "pyiso-howto-bcd-pan": { spec: "pyiso-bcd1-rpad0" },
  "moov-message-test-simple": { spec: "iso87ascii" },
  "moov-message-test-mixed": { spec: "moov87mixed" },
  "moov-testdata-reversal-0400": { spec: "iso87ascii-jpos" },
  "moov-testdata-0800": { spec: "iso87ascii" },
  "moov-testdata-0810": { spec: "iso87ascii" },
  "zemuldo-0800-echo-ascii-bitmap": { spec: "iso87ascii" },
  "zemuldo-0800-binary-bitmap": { spec: "iso87ascii-binbitmap" },
  "iso_8583-generated-0200-chip": { spec: "iso_8583", framing: "2byte" },
};

const vectors: readonly Vector[] = present ? (JSON.parse(readFileSync(file, "utf8")) as Vector[]) : [];

function view(m: IsoMessage): Record<string, string> {
  const out: Record<string, string> = { 0: m.mti };
  for (const [k, v] of Object.entries(m.fields)) out[k] = typeof v === "string" ? v : toHex(v);
  if (m.header !== undefined) out.header = toHex(m.header);
  return out;
}

describe.skipIf(!present)("ISO 8583 interop vectors (../shared)", () => {
  it("has 22 vectors, each mapped to a spec", () => {
    expect(vectors).toHaveLength(22);
    for (const v of vectors) expect(MAP[v.id], v.id).toBeDefined();
  });

  for (const v of vectors) {
    it(`${v.id}: unpacks to the expected fields and packs back byte-identical`, () => {
      const entry = MAP[v.id];
      if (entry === undefined) throw new Error(`no mapping for ${v.id}`);
      const spec = getSpec(entry.spec);
      const wire = fromHex(v.hex);
      const bytes = entry.framing === undefined ? wire : (deframeAll(wire, entry.framing)[0] as Uint8Array);
      const validate = entry.strictFails === undefined;
      if (!validate) {
        expect(() => unpackMessage(spec, bytes)).toThrow(entry.strictFails);
      }
      const message = unpackMessage(spec, bytes, { validate });
      expect(view(message)).toEqual(v.expected);
      const packed = packMessage(spec, message, { validate });
      expect(toHex(packed)).toBe(toHex(bytes));
      if (entry.framing !== undefined) expect(toHex(wire)).toBe(`${v.hex.slice(0, 4).toUpperCase()}${toHex(packed)}`);
      if (!validate) {
        try {
          packMessage(spec, message);
          expect.unreachable("strict pack accepted a message that breaks its data types");
        } catch (e) {
          expect(isCardwireError(e, "iso8583.charset")).toBe(true);
        }
      }
    });
  }
});

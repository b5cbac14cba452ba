/**
 * The shipped specs, by name. Base specs come from the two layouts and three
 * wire styles; dialects are derived from a base spec with the few rows that
 * differ, each noting which peer speaks it. Copy a dialect to adapt to an
 * acquirer: `deriveSpec(getSpec("iso87ascii"), { name, description, fields: {...} })`.
 */
import { Iso8583Error, Iso8583ErrorCodes } from "../errors.js";
import { defineSpec, deriveSpec } from "../spec.js";
import type { FieldSpec, MessageSpec, MessageSpecInput } from "../types.js";
import { ISO87_LAYOUT, ISO93_LAYOUT } from "./layouts.js";
import { BER_TLV_HEX, CARDWIRE_SECURE_DATA } from "./subfields.js";
import { specFromLayout } from "./variants.js";

const iso87ascii = defineSpec(
  specFromLayout(
    ISO87_LAYOUT,
    "ascii",
    "iso87ascii",
    "ISO 8583:1987 ASCII (jPOS iso87ascii.xml): ASCII MTI and LL/LLL prefixes, hex-text bitmaps, fixed b fields as hex text, DE 55 binary LLLVAR (ASCII length counting bytes)",
  ),
);
const iso87binary = defineSpec(
  specFromLayout(
    ISO87_LAYOUT,
    "binary",
    "iso87binary",
    "ISO 8583:1987 binary (jPOS iso87binary.xml): BCD MTI, numerics and LL/LLL prefixes, 8-byte bitmaps, IFB_AMOUNT for x+n",
  ),
);
const iso87ebcdic = defineSpec(
  specFromLayout(
    ISO87_LAYOUT,
    "ebcdic",
    "iso87ebcdic",
    "ISO 8583:1987 EBCDIC (code page 037): EBCDIC MTI, text and LL/LLL prefixes, 8-byte binary bitmaps, b fields raw",
  ),
);
const iso93ascii = defineSpec(
  specFromLayout(
    ISO93_LAYOUT,
    "ascii",
    "iso93ascii",
    "ISO 8583:1993 ASCII (jPOS iso93ascii.xml): 1993 field layout, ASCII prefixes, hex-text bitmaps, fixed b as hex text, variable b raw",
  ),
);
/** jPOS iso93binary.xml declares every IFB_NUMERIC with pad="false": odd digit counts get the pad nibble on the right. */
function rightPadBcd(fields: MessageSpecInput["fields"]): Record<number, FieldSpec> {
  const out: Record<number, FieldSpec> = {};
  for (const [de, f] of Object.entries(fields)) if (f.encoding === "bcd") out[Number(de)] = { ...f, pad: "right" };
  return out;
}

const iso93binaryBase = specFromLayout(ISO93_LAYOUT, "binary", "iso93binary", "");
const iso93binary = deriveSpec(iso93binaryBase, {
  name: "iso93binary",
  description:
    "ISO 8583:1993 binary (jPOS iso93binary.xml): BCD MTI, numerics and prefixes, 8-byte bitmaps; as jPOS packs them, odd-length BCD right-padded (IFB_NUMERIC pad=false) and DE 35 as ASCII characters",
  fields: {
    ...rightPadBcd(iso93binaryBase.fields),
    35: { ...(iso93binaryBase.fields[35] as FieldSpec), encoding: "ascii" },
  },
});
const iso93ebcdicBase = specFromLayout(ISO93_LAYOUT, "ebcdic", "iso93ebcdic", "ISO 8583:1993 EBCDIC");
const iso93ebcdic = defineSpec({
  ...iso93ebcdicBase,
  description:
    "ISO 8583:1993 EBCDIC (code page 037): EBCDIC MTI, text and LL/LLL prefixes, 16 EBCDIC hex-character bitmaps, b fields raw",
  bitmapEncoding: "ebcdic-hex",
});

const f87 = iso87ascii.fields;

/** Dialects the interop vectors need, each derived from a base spec. */
const dialects: MessageSpec[] = [
  deriveSpec(iso87ascii, {
    name: "iso87ascii-jpos",
    description:
      "jPOS iso87ascii.xml exactly: DE 55 as ans LLLVAR text (IFA_LLLCHAR) instead of binary ICC data; also moov-io's legacy ISO 87 ASCII test data",
    fields: {
      55: {
        description: "Reserved ISO",
        mask: "emv",
        type: "ans",
        length: 999,
        lengthType: "LLL",
        lengthEncoding: "ascii",
        encoding: "ascii",
      },
    },
  }),
  deriveSpec(iso87ascii, {
    name: "cardwire87ascii",
    description:
      "What cardwire's terminal and simulator speak: iso87ascii on the wire, DE 48 read as cardwire's secure-reader subelements (tag n2, length n3; track ciphertexts masked in views)",
    fields: { 48: { ...(f87[48] as FieldSpec), subfields: CARDWIRE_SECURE_DATA } },
  }),
  deriveSpec(iso87ascii, {
    name: "iso87ascii-binbitmap",
    description: "ISO 87 ASCII fields with 8-byte binary bitmaps (pyiso8583 specs.default, many acquirers)",
    bitmapEncoding: "binary",
  }),
  deriveSpec(iso87ascii, {
    name: "iso_8583",
    description:
      "The npm iso_8583 package's packing: 8-byte binary bitmaps always with a (possibly empty) secondary bitmap, DE 55 as hex text in an ans LLLVAR",
    bitmapEncoding: "binary",
    alwaysSecondaryBitmap: true,
    fields: {
      55: {
        description: "ICC data as hex text",
        mask: "emv",
        subfields: BER_TLV_HEX,
        type: "ans",
        length: 999,
        lengthType: "LLL",
        lengthEncoding: "ascii",
        encoding: "ascii",
      },
    },
  }),
  deriveSpec(iso87ascii, {
    name: "pyiso-bcd2-lpad0",
    description: "pyiso8583 nibble test: DE 2 BCD, 2-byte BCD length counting digits, odd length left-padded with 0",
    fields: {
      2: {
        ...(f87[2] as FieldSpec),
        length: 8,
        lengthType: "LLL",
        lengthEncoding: "bcd",
        encoding: "bcd",
        pad: "left",
      },
    },
  }),
  deriveSpec(iso87ascii, {
    name: "pyiso-bcd2-rpadF",
    description: "pyiso8583 nibble test: DE 2 BCD, 2-byte BCD length counting digits, odd length right-padded with F",
    fields: {
      2: {
        ...(f87[2] as FieldSpec),
        length: 8,
        lengthType: "LLL",
        lengthEncoding: "bcd",
        encoding: "bcd",
        pad: "right",
        padNibble: 0xf,
      },
    },
  }),
  deriveSpec(iso87ascii, {
    name: "pyiso-bcd1-rpad0",
    description:
      "pyiso8583 how-to BCD PAN: DE 2 BCD, 1-byte BCD length counting digits, odd length right-padded with 0",
    fields: { 2: { ...(f87[2] as FieldSpec), lengthType: "LL", lengthEncoding: "bcd", encoding: "bcd", pad: "right" } },
  }),
  deriveSpec(iso87ascii, {
    name: "moov87mixed",
    description:
      "moov-io/iso8583 message_test.go mixed spec: ASCII MTI, 8-byte binary bitmaps, DE 19 BCD left-padded, DE 49 BCD right-padded, DE 52 8 raw bytes, DE 53 ASCII n16, DE 55 binary with ASCII LLL",
    bitmapEncoding: "binary",
    fields: {
      19: { ...(f87[19] as FieldSpec), encoding: "bcd" },
      49: {
        description: "Currency code, transaction",
        type: "n",
        length: 3,
        lengthType: "fixed",
        encoding: "bcd",
        pad: "right",
      },
      52: { ...(f87[52] as FieldSpec), encoding: "binary" },
    },
  }),
  deriveSpec(iso93ebcdic, {
    name: "iso93ebcdic-jpos-custom",
    description:
      "jPOS iso93ebcdic-custom.xml: 9-byte routing header, EBCDIC MTI and prefixes, EBCDIC hex-text bitmaps, DE 55 raw bytes after an EBCDIC LLL",
    headerLength: 9,
  }),
];

const SPECS: ReadonlyMap<string, MessageSpec> = new Map(
  [iso87ascii, iso87binary, iso87ebcdic, iso93ascii, iso93binary, iso93ebcdic, ...dialects].map((s) => [s.name, s]),
);

export const SPEC_NAMES: readonly string[] = Object.freeze([...SPECS.keys()]);

/** A shipped spec by name; `iso8583.spec` for an unknown name. */
export function getSpec(name: string): MessageSpec {
  const s = SPECS.get(name);
  if (s === undefined) {
    throw new Iso8583Error(
      Iso8583ErrorCodes.spec,
      `unknown spec "${name.slice(0, 40)}" (known: ${SPEC_NAMES.join(", ")})`,
      {
        field: "spec",
      },
    );
  }
  return s;
}

/**
 * ISO 8583 messages and specs as plain data (pyiso8583's field dicts, jPOS's
 * packager XML): a field combines a data type, a data encoding, a length
 * prefix and a pad rule. Specs are tables; `defineSpec` validates and compiles
 * them once.
 */

/** Text fields (n, an, ans, z, x+n …) are strings; `b` fields are bytes. */
export type FieldValue = string | Uint8Array;

export interface IsoMessage {
  readonly mti: string;
  /** Data elements by number. Bitmaps (1, 65) are never here: pack derives them from the fields present. */
  readonly fields: { readonly [de: number]: FieldValue };
  /** Fixed-length message header (TPDU, routing header) for specs with `headerLength > 0`. */
  readonly header?: Uint8Array;
}

/**
 * Data types of ISO 8583:1987 §4.2 (attributes): what characters a value may hold.
 * `x+n` is a C/D sign followed by digits; `z` is the track 2/3 code set.
 */
export type FieldType = "n" | "a" | "an" | "ans" | "ns" | "as" | "anp" | "z" | "x+n" | "b";

/**
 * How the value travels:
 * - `ascii` / `ebcdic`: one byte per character (EBCDIC code page 037);
 * - `bcd`: two digits per byte, an odd count padded with one nibble (`pad`);
 *   in `z` fields `=` travels as nibble D;
 * - `sign-bcd`: jPOS IFB_AMOUNT, the `x+n` sign as one ASCII byte, then BCD digits;
 * - `binary`: raw bytes; `hex` / `ebcdic-hex`: bytes as uppercase hex text (jPOS IFA_BINARY).
 */
export type DataEncoding = "ascii" | "ebcdic" | "bcd" | "sign-bcd" | "binary" | "hex" | "ebcdic-hex";

/** How a variable-length prefix is written. */
export type LengthEncoding = "ascii" | "ebcdic" | "bcd" | "binary";

/**
 * `fixed`, or the number of decimal digits of the length prefix: LL (2), LLL (3), LLLL (4).
 * Bytes on the wire: ascii/ebcdic one per digit; bcd and binary ⌈digits/2⌉.
 */
export type LengthType = "fixed" | "LL" | "LLL" | "LLLL";

/** What a person may see when a message is printed (PCI DSS 3.4: PAN first 6 / last 4). */
export type MaskKind = "pan" | "track2" | "track1" | "track3" | "secret" | "emv";

export interface FieldSpec {
  readonly description: string;
  readonly type: FieldType;
  /** Exact length (fixed) or maximum (variable), in value units: characters or digits, or bytes for `b`. */
  readonly length: number;
  readonly lengthType: LengthType;
  /** Required for variable fields. */
  readonly lengthEncoding?: LengthEncoding;
  /**
   * What the prefix counts: value units (default: characters, digits — pyiso8583 "nibbles" — or bytes for `b`)
   * or encoded bytes on the wire (pyiso8583's default for BCD data).
   */
  readonly lengthCounts?: "units" | "bytes";
  readonly encoding: DataEncoding;
  /** BCD with an odd digit count: which side gets the pad nibble (default left) and its value (default 0). */
  readonly pad?: "left" | "right";
  readonly padNibble?: 0 | 0xf;
  /** How describe/JSON views hide the value unless `reveal` is set. */
  readonly mask?: MaskKind;
  /**
   * The field's inner structure (TLV subelements, positional subfields, BER-TLV), a layer above the
   * field value: pack/unpack never look at it; `unpackSubfields`/`packSubfields` and the views do.
   */
  readonly subfields?: SubfieldLayout;
}

/**
 * Character class of a subfield, with the letters of ISO 8583:1987 §4.2 (see `FieldType`);
 * `b` is binary data written as uppercase hex text inside a text field (two characters a byte).
 */
export type SubfieldType = "n" | "a" | "an" | "ans" | "as" | "ns" | "anp" | "b";

/** A fixed-width subfield: one position of a `positional` layout, or part of a `tlv` layout's prefix. */
export interface PositionalSubfield {
  /** Its key in entries and JSON views (`"tcc"`, `"originalStan"`). */
  readonly name: string;
  readonly description: string;
  /** Exact width in characters (hex characters for `b`). */
  readonly width: number;
  readonly type: SubfieldType;
  readonly mask?: MaskKind;
}

/** A known tag of a `tlv` layout. */
export interface TlvTagSpec {
  /** Exactly `tagWidth` characters, e.g. `"26"`. */
  readonly tag: string;
  readonly description: string;
  readonly type: SubfieldType;
  /** Largest value length in characters (hex characters for `b`). */
  readonly maxLength: number;
  /** Smallest value length (default 0). */
  readonly minLength?: number;
  readonly mask?: MaskKind;
}

/**
 * Text subelements `tag ‖ length ‖ value` (jPOS's tagged subfield packagers, moov-io's composite
 * TLV with a fixed-width tag and an ASCII length prefix), after an optional fixed-width prefix.
 * The length is decimal digits counting the value's characters.
 */
export interface TlvLayout {
  readonly kind: "tlv";
  readonly description: string;
  /** Tag width in characters (1–8). */
  readonly tagWidth: number;
  /** Characters a tag may hold: digits (default) or letters and digits. */
  readonly tagType?: "n" | "an";
  /** Length prefix width in decimal digits (1–4). */
  readonly lengthDigits: number;
  /** Fixed-width subfields before the first tag (Mastercard-style DE 48: a 1-character category code). */
  readonly prefix?: readonly PositionalSubfield[];
  /** Known tags. Order is the order `packSubfields` writes an object's tags in. */
  readonly tags: readonly TlvTagSpec[];
  /** `keep` (default): an unknown tag is kept and listed in `unknownTags`; `error`: `iso8583.subfield_tag`. */
  readonly unknownTags?: "keep" | "error";
  /** Allow a tag more than once (default: a repeat is `iso8583.subfield_tag`). */
  readonly repeats?: boolean;
}

/** Variable text after the last positional subfield. */
export interface RestSubfield {
  readonly name: string;
  readonly description: string;
  readonly type: SubfieldType;
  /** Largest remainder in characters. */
  readonly maxLength: number;
  readonly mask?: MaskKind;
}

/** Fixed-width subfields in order (moov-io's positional composite, jPOS's fixed subfield packager). */
export interface PositionalLayout {
  readonly kind: "positional";
  readonly description: string;
  readonly subfields: readonly PositionalSubfield[];
  /** How many leading subfields must be present (default all); the value may end at any later subfield boundary. */
  readonly required?: number;
  /** Optional variable remainder after the last subfield (only when every subfield is present). */
  readonly rest?: RestSubfield;
}

/** BER-TLV data objects (ISO/IEC 8825-1; EMV 4.4 Book 3 Annex B), decoded and encoded by src/emv. */
export interface BerTlvLayout {
  readonly kind: "ber-tlv";
  readonly description: string;
  /** `bytes` (default) for a `b` field; `hex` for a text field carrying the bytes as hex text (npm iso_8583's DE 55). */
  readonly carrier?: "bytes" | "hex";
}

export type SubfieldLayout = TlvLayout | PositionalLayout | BerTlvLayout;

export type MtiEncoding = "ascii" | "ebcdic" | "bcd";
/** Bitmaps as 8 raw bytes, or 16 hex characters in ASCII or EBCDIC. */
export type BitmapEncoding = "binary" | "hex" | "ebcdic-hex";

export interface MessageSpecInput {
  readonly name: string;
  readonly description: string;
  /** Fixed bytes before the MTI (TPDU, routing header); 0 for none. */
  readonly headerLength: number;
  readonly mtiEncoding: MtiEncoding;
  readonly bitmapEncoding: BitmapEncoding;
  /** iso_8583 (npm) quirk: bit 1 and a secondary bitmap are sent even when no field 65–128 is present. */
  readonly alwaysSecondaryBitmap?: boolean;
  /** Data elements 2–128 (and 129–192 for specs with a tertiary bitmap, carried in position 65). */
  readonly fields: { readonly [de: number]: FieldSpec };
}

/** A validated spec: the table plus codecs compiled once. Build with `defineSpec`. */
export interface MessageSpec extends MessageSpecInput {
  /** Numbers of the data elements the spec defines, ascending. */
  readonly fieldNumbers: readonly number[];
  /** True when any field above 128 is defined: bit 65 then flags a tertiary bitmap. */
  readonly tertiary: boolean;
}

/**
 * ISO 8583 error family. Every message names the field (`DE 35`), the byte
 * offset in the packed message and what was expected versus found, e.g.
 * `DE 35: length 41 exceeds max 37 at offset 118`. Values never appear in a
 * message: a field may hold a PAN, a track or a PIN block.
 */
import { errorFamily } from "../errors/index.js";

const family = errorFamily("Iso8583Error", {
  /** Unknown spec name, or a spec table that fails validation. */
  spec: ["iso8583.spec", "input"],
  /** A value or a length prefix outside the field's fixed or maximum length. */
  length: ["iso8583.length", "input"],
  /** Bitmap malformed, or a bit set for a field the spec does not define. */
  bitmap: ["iso8583.bitmap", "input"],
  /** A character or nibble outside the field's data type or encoding. */
  charset: ["iso8583.charset", "input"],
  /** The message ends inside a field. */
  truncated: ["iso8583.truncated", "input"],
  /** Bytes left over after the last field. */
  trailing: ["iso8583.trailing", "input"],
  /** Length header malformed, or a frame larger than allowed. */
  framing: ["iso8583.framing", "input"],
  /** Message type indicator malformed. */
  mti: ["iso8583.mti", "input"],
  /** A field value of the wrong kind (text where bytes are expected, or the reverse) or a field the spec lacks. */
  value: ["iso8583.value", "input"],
  /** Message header (TPDU or routing header) missing or of the wrong length. */
  header: ["iso8583.header", "input"],
  /** A subfield's length outside its table's width, minimum or maximum (or its length prefix). */
  subfieldLength: ["iso8583.subfield_length", "input"],
  /** A subfield character outside its type (or a tag or length prefix character that is not allowed). */
  subfieldCharset: ["iso8583.subfield_charset", "input"],
  /** The field value ends inside a subfield, tag or length prefix. */
  subfieldTruncated: ["iso8583.subfield_truncated", "input"],
  /** Characters left after the last positional subfield of a layout without a remainder. */
  subfieldTrailing: ["iso8583.subfield_trailing", "input"],
  /** A tag the layout does not know (with `unknownTags: "error"`), repeated, or of the wrong width. */
  subfieldTag: ["iso8583.subfield_tag", "input"],
  /** Subfield input of the wrong shape: not a list or object, a missing required subfield, an unknown name, text where bytes are expected. */
  subfieldValue: ["iso8583.subfield_value", "input"],
  /** A BER-TLV subfield layout's value that src/emv rejects (the `cause` is the EmvError). */
  subfieldBerTlv: ["iso8583.subfield_ber_tlv", "input"],
});
export const Iso8583ErrorCodes = family.codes;
export type Iso8583ErrorCode = (typeof Iso8583ErrorCodes)[keyof typeof Iso8583ErrorCodes];

export class Iso8583Error extends family.Base {}

/** `DE 35: <what> at offset 118`, with the coordinates set on the error. */
export function fieldError(code: Iso8583ErrorCode, field: string, what: string, offset: number): Iso8583Error {
  return new Iso8583Error(code, `${field}: ${what} at offset ${offset}`, { field, offset });
}

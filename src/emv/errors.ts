import { errorFamily } from "../errors/index.js";

/** Error codes of the EMV data layer (BER-TLV, tag dictionary, DOL, DE 55). */
const family = errorFamily("EmvError", {
  /** The input ends inside a tag or a length field. */
  tlvTruncated: ["emv.tlv_truncated", "input"],
  /** A length field is malformed (indefinite, too many bytes) or its value overruns the enclosing buffer. */
  tlvLength: ["emv.tlv_length", "input"],
  /** Bytes are left over where a complete object or nothing was expected (padding, a second object). */
  tlvTrailing: ["emv.tlv_trailing", "input"],
  /** Constructed objects nest deeper than `maxDepth`. */
  tlvDepth: ["emv.tlv_depth", "input"],
  /** A tag is malformed (more than 4 bytes, bad hex, children on a primitive tag). */
  tlvTag: ["emv.tlv_tag", "input"],
  /** A Data Object List is malformed (EMV Book 3 §5.4). */
  dol: ["emv.dol", "input"],
  /** A required data object is missing when building DE 55 or a DOL. */
  missing: ["emv.missing", "input"],
  /** A value does not fit its dictionary format (EMV Book 3 Annex A). */
  format: ["emv.format", "input"],
});
export const EmvErrorCodes = family.codes;
export type EmvErrorCode = (typeof EmvErrorCodes)[keyof typeof EmvErrorCodes];

/** Malformed or inconsistent EMV data. Messages name the tag path and byte offset, never a value. */
export class EmvError extends family.Base {}

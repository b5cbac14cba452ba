import { errorClass, registerErrorCodes } from "../errors/index.js";

/** Error codes of the EMV data layer (BER-TLV, tag dictionary, DOL, DE 55). */
export const EmvErrorCodes = registerErrorCodes("EmvError", {
  /** The input ends inside a tag or a length field. */
  tlvTruncated: "emv.tlv_truncated",
  /** A length field is malformed (indefinite, too many bytes) or its value overruns the enclosing buffer. */
  tlvLength: "emv.tlv_length",
  /** Bytes are left over where a complete object or nothing was expected (padding, a second object). */
  tlvTrailing: "emv.tlv_trailing",
  /** Constructed objects nest deeper than `maxDepth`. */
  tlvDepth: "emv.tlv_depth",
  /** A tag is malformed (more than 4 bytes, bad hex, children on a primitive tag). */
  tlvTag: "emv.tlv_tag",
  /** A Data Object List is malformed (EMV Book 3 §5.4). */
  dol: "emv.dol",
  /** A required data object is missing when building DE 55 or a DOL. */
  missing: "emv.missing",
  /** A value does not fit its dictionary format (EMV Book 3 Annex A). */
  format: "emv.format",
} as const);
export type EmvErrorCode = (typeof EmvErrorCodes)[keyof typeof EmvErrorCodes];

/** Malformed or inconsistent EMV data. Messages name the tag path and byte offset, never a value. */
export class EmvError extends errorClass<EmvErrorCode>("input") {}

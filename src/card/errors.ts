/**
 * Card-layer errors: malformed track text, impossible fields, PANs that fail
 * their check digit, tracks that disagree. Every error carries coordinates
 * (`field` such as `track2.expiry`, `offset` = character offset in the track
 * text, start sentinel = 0) and never the PAN or track text itself.
 */
import { errorFamily } from "../errors/index.js";

const family = errorFamily("CardError", {
  /** Start or end sentinel missing or misplaced. */
  sentinel: ["card.sentinel", "input"],
  /** A field separator (`^` on Track 1, `=` on Track 2) is missing. */
  separator: ["card.separator", "input"],
  /** Track 1 format code is not `B`. */
  format: ["card.format", "input"],
  /** A character outside the track's character set, or a reserved one. */
  charset: ["card.charset", "input"],
  /** Track longer than its maximum record length. */
  length: ["card.length", "input"],
  /** PAN empty, not digits, or of a length no brand issues. */
  pan: ["card.pan", "input"],
  /** PAN fails the ISO/IEC 7812-1 (Luhn) check digit. */
  luhn: ["card.luhn", "input"],
  /** Expiry not YYMM or month outside 01–12. */
  expiry: ["card.expiry", "input"],
  /** Service code not three digits or a value ISO/IEC 7813 does not define. */
  serviceCode: ["card.service_code", "input"],
  /** Track 1 name shorter than 2 or longer than 26 characters. */
  name: ["card.name", "input"],
  /** Track 1 and Track 2 disagree on PAN, expiry or service code. */
  mismatch: ["card.mismatch", "input"],
  /** Neither Track 1 nor Track 2 was given. */
  missing: ["card.missing", "input"],
});
export const CardErrorCodes = family.codes;
export type CardErrorCode = (typeof CardErrorCodes)[keyof typeof CardErrorCodes];

export class CardError extends family.Base {}

/**
 * Card-layer errors: malformed track text, impossible fields, PANs that fail
 * their check digit, tracks that disagree. Every error carries coordinates
 * (`field` such as `track2.expiry`, `offset` = character offset in the track
 * text, start sentinel = 0) and never the PAN or track text itself.
 */
import { errorClass, registerErrorCodes } from "../errors/index.js";

export const CardErrorCodes = registerErrorCodes("CardError", {
  /** Start or end sentinel missing or misplaced. */
  sentinel: "card.sentinel",
  /** A field separator (`^` on Track 1, `=` on Track 2) is missing. */
  separator: "card.separator",
  /** Track 1 format code is not `B`. */
  format: "card.format",
  /** A character outside the track's character set, or a reserved one. */
  charset: "card.charset",
  /** Track longer than its maximum record length. */
  length: "card.length",
  /** PAN empty, not digits, or of a length no brand issues. */
  pan: "card.pan",
  /** PAN fails the ISO/IEC 7812-1 (Luhn) check digit. */
  luhn: "card.luhn",
  /** Expiry not YYMM or month outside 01–12. */
  expiry: "card.expiry",
  /** Service code not three digits or a value ISO/IEC 7813 does not define. */
  serviceCode: "card.service_code",
  /** Track 1 name shorter than 2 or longer than 26 characters. */
  name: "card.name",
  /** Track 1 and Track 2 disagree on PAN, expiry or service code. */
  mismatch: "card.mismatch",
  /** Neither Track 1 nor Track 2 was given. */
  missing: "card.missing",
} as const);
export type CardErrorCode = (typeof CardErrorCodes)[keyof typeof CardErrorCodes];

export class CardError extends errorClass<CardErrorCode>("input") {}

/**
 * Named subfield layouts to put on a field row (`{ ...row, subfields: LAYOUT }`),
 * each saying where it comes from. Only what a public standard or cardwire
 * itself defines has a tag table; the card schemes' subelement dictionaries
 * (Mastercard DE 48, Visa DE 62/63, …) are in their non-public interface
 * specifications, so the scheme-shaped layout below ships the structure
 * only, for a dialect to add its tags to (see docs/iso8583.md, "Subfields").
 */
import type { BerTlvLayout, PositionalLayout, TlvLayout } from "../types.js";

/** ICC data in a `b` field: BER-TLV (ISO/IEC 8825-1 §8.1; EMV 4.4 Book 3 Annex B), read by src/emv. */
export const BER_TLV: BerTlvLayout = Object.freeze({
  kind: "ber-tlv",
  description: "BER-TLV data objects (ISO/IEC 8825-1; EMV 4.4 Book 3 Annex B)",
});

/** The same objects as hex text in a text field (the npm iso_8583 package's DE 55). */
export const BER_TLV_HEX: BerTlvLayout = Object.freeze({
  kind: "ber-tlv",
  description: "BER-TLV data objects as uppercase hex text",
  carrier: "hex",
});

/**
 * ISO 8583:1987 DE 90, original data elements (n 42): the five parts of the
 * original message a reversal or advice refers to, in the standard's order.
 * Institution codes are right-justified and zero-filled to 11 digits; zeros
 * when unknown (cardwire's terminal sends `0` × 22).
 */
export const ISO87_ORIGINAL_DATA_ELEMENTS: PositionalLayout = Object.freeze({
  kind: "positional",
  description: "ISO 8583:1987 DE 90: original MTI, STAN, transmission date and time, acquirer and forwarder ids",
  subfields: Object.freeze([
    { name: "mti", description: "Original message type identifier", width: 4, type: "n" },
    { name: "stan", description: "Original systems trace audit number (DE 11)", width: 6, type: "n" },
    {
      name: "transmissionDateTime",
      description: "Original transmission date and time, MMDDhhmmss (DE 7)",
      width: 10,
      type: "n",
    },
    {
      name: "acquirerId",
      description: "Original acquiring institution identification code (DE 32), zero-filled",
      width: 11,
      type: "n",
    },
    {
      name: "forwarderId",
      description: "Original forwarding institution identification code (DE 33), zero-filled",
      width: 11,
      type: "n",
    },
  ] as const),
});

/**
 * Generic text TLV: tag n2 ‖ length n3 (value characters, 000–999) ‖ value.
 * No tag table; every tag is kept as unknown. Add tags with `{ ...TLV_N2_N3, tags: [...] }`.
 */
export const TLV_N2_N3: TlvLayout = Object.freeze({
  kind: "tlv",
  description: "Subelements: tag n2, length n3, value",
  tagWidth: 2,
  lengthDigits: 3,
  tags: Object.freeze([]),
});

/**
 * A 1-character category code, then subelements tag n2 ‖ length n2 ‖ value:
 * the shape Mastercard's DE 48 is commonly described with (transaction
 * category code, then subelement id and length of two digits each). Not
 * checked against Mastercard's Customer Interface Specification, which is
 * not public: no subelement table is shipped and unknown tags are kept.
 */
export const TLV_TCC_N2_N2: TlvLayout = Object.freeze({
  kind: "tlv",
  description: "Category code an1, then subelements: tag n2, length n2, value",
  tagWidth: 2,
  lengthDigits: 2,
  prefix: Object.freeze([{ name: "tcc", description: "Transaction category code", width: 1, type: "an" }] as const),
  tags: Object.freeze([]),
});

/**
 * cardwire's own DE 48 for an encrypted swipe (src/terminal/secure-data.ts
 * writes it, src/acquirer reads it): TLV_N2_N3 with subelements 01–05.
 * Track ciphertexts are hex of TDES-CBC blocks of the track with sentinels
 * (ISO/IEC 7813: track 2 ≤ 40 characters → ≤ 40 bytes, track 1 ≤ 79 → ≤ 80
 * bytes), masked in views; unknown tags are an error.
 */
export const CARDWIRE_SECURE_DATA: TlvLayout = Object.freeze({
  ...TLV_N2_N3,
  description: "cardwire secure-reader data: scheme, DUKPT variant, KSN, encrypted tracks (tag n2, length n3)",
  unknownTags: "error",
  tags: Object.freeze([
    { tag: "01", description: "Encryption scheme (TDES-DUKPT)", type: "ans", maxLength: 10 },
    { tag: "02", description: "DUKPT key variant (PIN or DATA)", type: "an", maxLength: 4 },
    {
      tag: "03",
      description: "Key serial number, 10 bytes (ANSI X9.24-1 §A.1)",
      type: "b",
      minLength: 20,
      maxLength: 20,
    },
    { tag: "04", description: "Track 2 ciphertext", type: "b", minLength: 16, maxLength: 80, mask: "secret" },
    { tag: "05", description: "Track 1 ciphertext", type: "b", minLength: 16, maxLength: 160, mask: "secret" },
  ] as const),
});

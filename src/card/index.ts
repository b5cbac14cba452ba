/** The card model: ISO/IEC 7813 track grammar, PAN utilities (Luhn, brand, masking) and public test cards. */
export type * from "./types.js";
export * from "./errors.js";
export { luhnCheckDigit, luhnValid } from "./luhn.js";
export { BIN_RANGES, type BinRange, binRangeOf, brandOf, panLengthValid } from "./brand.js";
export { maskPan, maskTrack, redactCardData } from "./mask.js";
export {
  describeServiceCode,
  parseServiceCode,
  SERVICE_CODE_POSITION_1,
  SERVICE_CODE_POSITION_2,
  SERVICE_CODE_POSITION_3,
} from "./service-code.js";
export { expiryOf, isExpired, parseExpiry } from "./expiry.js";
export { PAN_MAX_DIGITS, PAN_MIN_DIGITS, TRACK_FRAMES, type TrackFrameSpec } from "./track-frame.js";
export { buildTrack1, parseTrack1, TRACK1_NAME_MAX, TRACK1_NAME_MIN, type Track1Fields } from "./track1.js";
export { buildTrack2, parseTrack2, type Track2Fields } from "./track2.js";
export { cardFromTracks, type TrackTexts, tryCardFromTracks, tryParseTrack1, tryParseTrack2 } from "./card.js";
export { TEST_CARDS, type TestCard, type TestCardId, testCard, testCardTracks } from "./test-cards.js";

/**
 * Track 1, ISO/IEC 7813 format B:
 *
 *   %B <PAN ≤19 digits> ^ <name 2–26> ^ <YYMM | ^> <service code | ^> <discretionary> ?
 *
 * at most 79 characters with sentinels (LRC not included, see track-frame.ts).
 * Text must include both sentinels; `raw` is the text as given.
 */
import { CardError, CardErrorCodes } from "./errors.js";
import { checkTrackFrame, describeChar, scanPan, TRACK_FRAMES } from "./track-frame.js";
import { buildTrackTail, checkBuiltFields, parseTrackTail } from "./track-fields.js";
import type { Expiry, ServiceCode, Track1Data } from "./types.js";

/** ISO/IEC 7813: the name field holds 2 to 26 characters. */
export const TRACK1_NAME_MIN = 2;
export const TRACK1_NAME_MAX = 26;

export interface Track1Fields {
  readonly pan: string;
  /** As encoded, typically `SURNAME/FIRST M.TITLE`; uppercase letters, digits, space and punctuation of 0x20–0x5F. */
  readonly name: string;
  readonly expiry?: Expiry | string;
  readonly serviceCode?: ServiceCode | string;
  readonly discretionary?: string;
}

export function parseTrack1(text: string): Track1Data {
  checkTrackFrame(text, TRACK_FRAMES.track1);
  if (text[1] !== "B") {
    throw new CardError(
      CardErrorCodes.format,
      `track1: format code at offset 1 is ${describeChar(text[1])}, expected "B"`,
      {
        field: "track1.format",
        offset: 1,
      },
    );
  }
  const panEnd = scanPan(text, 2, "^", "track1");
  const nameStart = panEnd + 1;
  const nameEnd = text.indexOf("^", nameStart);
  if (nameEnd < 0) {
    throw new CardError(
      CardErrorCodes.separator,
      `track1: expected field separator "^" after the name (started at offset ${nameStart}), found end sentinel at offset ${text.length - 1}`,
      { field: "track1.name", offset: text.length - 1 },
    );
  }
  const rawName = text.slice(nameStart, nameEnd);
  if (rawName.length < TRACK1_NAME_MIN || rawName.length > TRACK1_NAME_MAX) {
    throw new CardError(
      CardErrorCodes.name,
      `track1.name: ${rawName.length} characters at offset ${nameStart}, expected ${TRACK1_NAME_MIN}–${TRACK1_NAME_MAX}`,
      { field: "track1.name", offset: nameStart },
    );
  }
  const tail = parseTrackTail(text, nameEnd + 1, "^", "track1");
  return {
    raw: text,
    formatCode: "B",
    pan: text.slice(2, panEnd),
    name: rawName.replace(/ +$/, ""),
    ...tail,
  };
}

/** Builds Track 1 text from fields and validates it by parsing (throws the same `CardError`s). */
export function buildTrack1(fields: Track1Fields): string {
  // A separator or sentinel inside the name would shift every later field; name it before encoding.
  const bad = fields.name.search(/[^\x20-\x5F]|[%^?]/);
  if (bad >= 0) {
    throw new CardError(
      CardErrorCodes.name,
      `track1.name: character ${describeChar(fields.name[bad])} at offset ${bad} of the name is not allowed`,
      {
        field: "track1.name",
        offset: bad,
      },
    );
  }
  const text = `%B${fields.pan}^${fields.name}^${buildTrackTail(fields.expiry, fields.serviceCode, "^")}${fields.discretionary ?? ""}?`;
  checkBuiltFields("track1", fields, parseTrack1(text));
  return text;
}

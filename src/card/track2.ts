/**
 * Track 2, ISO/IEC 7813:
 *
 *   ; <PAN ≤19 digits> = <YYMM | => <service code | => <discretionary> ?
 *
 * at most 40 characters with sentinels (LRC not included, see track-frame.ts),
 * digits and `=` only between the sentinels. Text must include both
 * sentinels; `raw` is the text as given.
 */
import { checkTrackFrame, scanPan, TRACK_FRAMES } from "./track-frame.js";
import { buildTrackTail, checkBuiltFields, parseTrackTail } from "./track-fields.js";
import type { Expiry, ServiceCode, Track2Data } from "./types.js";

export interface Track2Fields {
  readonly pan: string;
  readonly expiry?: Expiry | string;
  readonly serviceCode?: ServiceCode | string;
  /** Digits (and `=`), e.g. PVKI, PVV, CVV as the issuer lays them out. */
  readonly discretionary?: string;
}

export function parseTrack2(text: string): Track2Data {
  checkTrackFrame(text, TRACK_FRAMES.track2);
  const panEnd = scanPan(text, 1, "=", "track2");
  const tail = parseTrackTail(text, panEnd + 1, "=", "track2");
  return { raw: text, pan: text.slice(1, panEnd), ...tail };
}

/** Builds Track 2 text from fields and validates it by parsing (throws the same `CardError`s). */
export function buildTrack2(fields: Track2Fields): string {
  const text = `;${fields.pan}=${buildTrackTail(fields.expiry, fields.serviceCode, "=")}${fields.discretionary ?? ""}?`;
  checkBuiltFields("track2", fields, parseTrack2(text));
  return text;
}

/**
 * A `Card` from whatever tracks a reader produced: each present track is
 * parsed, Track 1 and Track 2 must agree, the PAN must pass Luhn and have a
 * length its brand issues. Expired cards are returned as they are: whether
 * to decline is the host's decision (see `isExpired`).
 */
import { err, ok, type Result } from "../errors/result.js";
import { binRangeOf, brandOf, panLengthValid } from "./brand.js";
import { CardError, CardErrorCodes } from "./errors.js";
import { luhnValid } from "./luhn.js";
import { maskPan } from "./mask.js";
import { parseTrack1 } from "./track1.js";
import { parseTrack2 } from "./track2.js";
import type { Card, Track1Data, Track2Data } from "./types.js";

export interface TrackTexts {
  /** `%B…?`, sentinels included. */
  readonly track1?: string;
  /** `;…?`, sentinels included. */
  readonly track2?: string;
  /** ISO 4909 Track 3, kept as given, not parsed. */
  readonly track3?: string;
}

export function cardFromTracks(tracks: TrackTexts): Card {
  const t1: Track1Data | undefined = tracks.track1 === undefined ? undefined : parseTrack1(tracks.track1);
  const t2: Track2Data | undefined = tracks.track2 === undefined ? undefined : parseTrack2(tracks.track2);
  const primary = t2 ?? t1;
  if (primary === undefined) {
    throw new CardError(CardErrorCodes.missing, "card: neither track1 nor track2 given, cannot build a card", {
      field: "tracks",
    });
  }
  const src = t2 !== undefined ? "track2" : "track1";
  if (t1 !== undefined && t2 !== undefined) crossCheck(t1, t2);

  const { pan } = primary;
  if (!luhnValid(pan)) {
    throw new CardError(
      CardErrorCodes.luhn,
      `${src}.pan: check digit ${maskPan(pan).slice(-1)} fails the Luhn check (ISO/IEC 7812-1)`,
      {
        field: `${src}.pan`,
        offset: src === "track2" ? pan.length : pan.length + 1,
      },
    );
  }
  if (!panLengthValid(pan)) {
    const row = binRangeOf(pan);
    throw new CardError(
      CardErrorCodes.pan,
      `${src}.pan: ${pan.length} digits, ${row === undefined ? "expected 8–19" : `${row.brand} issues ${row.lengths.join(", ")}`}`,
      { field: `${src}.pan`, details: { length: pan.length, brand: row?.brand ?? "unknown" } },
    );
  }
  const expiry = t2?.expiry ?? t1?.expiry;
  const serviceCode = t2?.serviceCode ?? t1?.serviceCode;
  return {
    pan,
    maskedPan: maskPan(pan),
    brand: brandOf(pan),
    ...(expiry !== undefined && { expiry }),
    ...(serviceCode !== undefined && { serviceCode }),
    ...(t1 !== undefined && { name: t1.name }),
    ...(t1 !== undefined && { track1: t1 }),
    ...(t2 !== undefined && { track2: t2 }),
    ...(tracks.track3 !== undefined && { track3: tracks.track3 }),
  };
}

/** Track 1 and Track 2 encode the same PAN, expiry and service code; a difference means a bad read or a tampered card. */
function crossCheck(t1: Track1Data, t2: Track2Data): void {
  const mismatch = (field: string, detail: string) =>
    new CardError(CardErrorCodes.mismatch, `track1 and track2 disagree on ${field}${detail}`, { field });
  if (t1.pan !== t2.pan) {
    // Lengths and positions only: the digits themselves never go into an error.
    throw mismatch("pan", ` (lengths ${t1.pan.length} and ${t2.pan.length})`);
  }
  if (t1.expiry !== undefined && t2.expiry !== undefined && t1.expiry.yymm !== t2.expiry.yymm) {
    throw mismatch("expiry", "");
  }
  if (t1.serviceCode !== undefined && t2.serviceCode !== undefined && t1.serviceCode.code !== t2.serviceCode.code) {
    throw mismatch("serviceCode", ` (${t1.serviceCode.code} and ${t2.serviceCode.code})`);
  }
}

/** Runs `f`, turning a `CardError` into a result; any other throw is a bug and propagates. */
function attempt<T>(f: () => T): Result<T, CardError> {
  try {
    return ok(f());
  } catch (e) {
    if (e instanceof CardError) return err(e);
    throw e;
  }
}

export const tryParseTrack1 = (text: string): Result<Track1Data, CardError> => attempt(() => parseTrack1(text));
export const tryParseTrack2 = (text: string): Result<Track2Data, CardError> => attempt(() => parseTrack2(text));
export const tryCardFromTracks = (tracks: TrackTexts): Result<Card, CardError> => attempt(() => cardFromTracks(tracks));

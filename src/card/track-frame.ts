/**
 * What Track 1 and Track 2 share: a start sentinel, an end sentinel, a maximum
 * record length and a character set (ISO/IEC 7811-2: Track 1 uses the 6-bit
 * alphanumeric set 0x20–0x5F, Track 2 the 4-bit+parity numeric set 0x30–0x3F).
 *
 * Input convention: track text runs from the start sentinel to the end
 * sentinel inclusive, with no LRC and no surrounding whitespace — what the
 * audio decoder produces and what keyboard-mode readers type per track.
 */
import { CardError, CardErrorCodes } from "./errors.js";

export interface TrackFrameSpec {
  readonly track: "track1" | "track2";
  readonly startSentinel: string;
  readonly endSentinel: "?";
  /**
   * Characters including both sentinels. ISO/IEC 7813 gives 79 (Track 1) and
   * 40 (Track 2); we do not count the LRC, which decoders strip, so a record
   * at the standard's limit is never rejected.
   */
  readonly maxLength: number;
  readonly charsetLow: number;
  readonly charsetHigh: number;
  /** Characters in the set that are reserved for hardware control and may not appear in data. */
  readonly reserved: string;
  readonly description: string;
}

export const TRACK_FRAMES = {
  track1: {
    track: "track1",
    startSentinel: "%",
    endSentinel: "?",
    maxLength: 79,
    charsetLow: 0x20,
    charsetHigh: 0x5f,
    reserved: "",
    description: "ISO/IEC 7813 Track 1, 210 bpi, 6-bit alphanumeric (0x20–0x5F)",
  },
  track2: {
    track: "track2",
    startSentinel: ";",
    endSentinel: "?",
    maxLength: 40,
    charsetLow: 0x30,
    charsetHigh: 0x3f,
    reserved: ":<>",
    description: "ISO/IEC 7813 Track 2, 75 bpi, 4-bit numeric (0x30–0x3F)",
  },
} as const satisfies Record<string, TrackFrameSpec>;

/**
 * Checks sentinels, length and character set; returns the body between the
 * sentinels. Errors name the first offending offset.
 */
export function checkTrackFrame(text: string, spec: TrackFrameSpec): void {
  const { track } = spec;
  if (text.length > spec.maxLength) {
    throw new CardError(
      CardErrorCodes.length,
      `${track}: ${text.length} characters, expected at most ${spec.maxLength}`,
      {
        field: track,
        offset: spec.maxLength,
      },
    );
  }
  if (text[0] !== spec.startSentinel) {
    throw new CardError(
      CardErrorCodes.sentinel,
      `${track}: expected start sentinel "${spec.startSentinel}" at offset 0, found ${describeChar(text[0])}`,
      { field: track, offset: 0 },
    );
  }
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < spec.charsetLow || c > spec.charsetHigh || spec.reserved.includes(text[i]!)) {
      throw new CardError(
        CardErrorCodes.charset,
        `${track}: character ${describeChar(text[i])} at offset ${i} is outside the track character set`,
        { field: track, offset: i },
      );
    }
    const ch = text[i];
    if (ch === spec.startSentinel) {
      throw new CardError(CardErrorCodes.sentinel, `${track}: start sentinel repeated at offset ${i}`, {
        field: track,
        offset: i,
      });
    }
    if (ch === spec.endSentinel && i !== text.length - 1) {
      throw new CardError(
        CardErrorCodes.sentinel,
        `${track}: end sentinel at offset ${i} before the end of the text (offset ${text.length - 1})`,
        { field: track, offset: i },
      );
    }
  }
  if (text.length < 2 || text[text.length - 1] !== spec.endSentinel) {
    throw new CardError(
      CardErrorCodes.sentinel,
      `${track}: expected end sentinel "?" at offset ${text.length}, found end of text`,
      {
        field: track,
        offset: text.length,
      },
    );
  }
}

/** A character for an error message: printable ASCII quoted, else its code (never a run of card data). */
export function describeChar(ch: string | undefined): string {
  if (ch === undefined) return "end of text";
  const c = ch.charCodeAt(0);
  return c >= 0x20 && c < 0x7f ? `"${ch}"` : `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** ISO/IEC 7812-1: a PAN is at most 19 digits; 8 is the shortest the 2017 edition allows. */
export const PAN_MIN_DIGITS = 8;
export const PAN_MAX_DIGITS = 19;

/**
 * Reads the PAN starting at `start` up to `separator`; returns the index of
 * the separator. The message never includes the digits.
 */
export function scanPan(text: string, start: number, separator: string, track: string): number {
  let i = start;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  const n = i - start;
  if (n > PAN_MAX_DIGITS) {
    throw new CardError(
      CardErrorCodes.pan,
      `${track}.pan: more than ${PAN_MAX_DIGITS} digits (offset ${start + PAN_MAX_DIGITS})`,
      {
        field: `${track}.pan`,
        offset: start + PAN_MAX_DIGITS,
      },
    );
  }
  if (text[i] !== separator) {
    const last = i >= text.length - 1;
    if (last || text[i] === "?") {
      throw new CardError(
        CardErrorCodes.separator,
        `${track}: expected field separator "${separator}" after the PAN at offset ${i}, found ${describeChar(text[i])}`,
        { field: `${track}.pan`, offset: i },
      );
    }
    throw new CardError(
      CardErrorCodes.pan,
      `${track}.pan: expected a digit or "${separator}" at offset ${i}, found ${describeChar(text[i])}`,
      { field: `${track}.pan`, offset: i },
    );
  }
  if (n < PAN_MIN_DIGITS) {
    throw new CardError(
      CardErrorCodes.pan,
      `${track}.pan: ${n} digits at offset ${start}, expected ${PAN_MIN_DIGITS}–${PAN_MAX_DIGITS}`,
      {
        field: `${track}.pan`,
        offset: start,
      },
    );
  }
  return i;
}

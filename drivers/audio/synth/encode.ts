/**
 * Track text → the bit sequence recorded on the stripe: leading clocking
 * zeros, each character LSB first with odd parity, the LRC character, trailing
 * zeros (ISO/IEC 7811-2 §10.1). Validates the text against the track alphabet.
 */
import { charCode, lrcOf, trackFormat, type TrackNumber, writeChar } from "../decoder/tracks.js";
import { AudioError, AudioErrorCodes } from "../errors.js";

export interface EncodeOptions {
  readonly leadingZeros?: number;
  readonly trailingZeros?: number;
  /** Test hook: XOR this into the LRC (a deliberately bad LRC). */
  readonly lrcXor?: number;
}

/** Default clocking zeros: about 0.2 in of stripe before and after the data. */
const DEFAULT_ZEROS_INCHES = 0.2;

export function encodeTrack(track: TrackNumber, data: string, options: EncodeOptions = {}): Uint8Array {
  const f = trackFormat(track);
  if (data.length < 2 || data[0] !== f.startSentinel || data[data.length - 1] !== f.endSentinel) {
    throw new AudioError(
      AudioErrorCodes.argument,
      `track ${track} data: expected ${f.startSentinel} … ${f.endSentinel}, found ${data.length} characters without both sentinels`,
      { field: `track${track}` },
    );
  }
  if (data.length > f.maxChars) {
    throw new AudioError(
      AudioErrorCodes.argument,
      `track ${track} data: ${data.length} characters, at most ${f.maxChars}`,
      {
        field: `track${track}`,
      },
    );
  }
  const codes: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const c = charCode(f, data[i]!);
    if (c < 0) {
      throw new AudioError(
        AudioErrorCodes.argument,
        `track ${track} data: character ${i} is outside the track alphabet`,
        {
          field: `track${track}`,
          offset: i,
        },
      );
    }
    codes.push(c);
  }
  const zeros = Math.round(DEFAULT_ZEROS_INCHES * f.bpi);
  const lead = options.leadingZeros ?? zeros;
  const trail = options.trailingZeros ?? zeros;
  const out = new Uint8Array(lead + (codes.length + 1) * f.bits + trail);
  let at = lead;
  for (const c of codes) at = writeChar(f, c, out, at);
  writeChar(f, lrcOf(codes) ^ (options.lrcXor ?? 0), out, at);
  return out;
}

/**
 * ISO/IEC 7811-2 magnetic track character sets as data, plus the bit-level
 * framing shared by the decoder and the synthesizer.
 *
 * A character is `bits` bits recorded LSB first: `bits - 1` data bits then an
 * odd-parity bit (ISO/IEC 7811-2 §10.1.3 / 7811-6). The code of a character is
 * its ASCII value minus `asciiOffset` (0x20 for the 6-bit alphabet of Track 1,
 * 0x30 for the 4-bit numeric alphabet of Tracks 2 and 3). After the end
 * sentinel comes the LRC character: the XOR of the data bits of every
 * character from the start sentinel to the end sentinel inclusive, with its own
 * odd parity (ISO/IEC 7811-2 §10.1.4).
 */

export type TrackNumber = 1 | 2 | 3;

export interface TrackFormat {
  readonly track: TrackNumber;
  /** Recording density, bits per inch (ISO/IEC 7811-2 §10.1.1 tracks 1 and 3: 210 bpi; track 2: 75 bpi). */
  readonly bpi: number;
  /** Bits per character including the parity bit. */
  readonly bits: 5 | 7;
  readonly asciiOffset: number;
  readonly startSentinel: string;
  readonly endSentinel: string;
  /** Maximum characters including both sentinels (ISO/IEC 7813 §5 / ISO 4909 for Track 3). */
  readonly maxChars: number;
  readonly description: string;
}

export const TRACK_FORMATS = [
  {
    track: 1,
    bpi: 210,
    bits: 7,
    asciiOffset: 0x20,
    startSentinel: "%",
    endSentinel: "?",
    maxChars: 79,
    description: "IATA track: 6-bit alphanumeric + odd parity, ISO/IEC 7813 format B for payment cards",
  },
  {
    track: 2,
    bpi: 75,
    bits: 5,
    asciiOffset: 0x30,
    startSentinel: ";",
    endSentinel: "?",
    maxChars: 40,
    description: "ABA track: 4-bit numeric + odd parity, PAN=YYMM service code discretionary",
  },
  {
    track: 3,
    bpi: 210,
    bits: 5,
    asciiOffset: 0x30,
    startSentinel: ";",
    endSentinel: "?",
    maxChars: 107,
    description: "THRIFT track (ISO 4909): 4-bit numeric + odd parity at Track 1 density",
  },
] as const satisfies readonly TrackFormat[];

export function trackFormat(track: TrackNumber): TrackFormat {
  return TRACK_FORMATS[track - 1]!;
}

/** Character code (without parity) of an ASCII character, or -1 when the alphabet lacks it. */
export function charCode(format: TrackFormat, ch: string): number {
  const c = ch.charCodeAt(0) - format.asciiOffset;
  const dataBits = format.bits - 1;
  return c >= 0 && c < 1 << dataBits && ch.length === 1 ? c : -1;
}

/** Odd-parity bit for `dataBits` low bits of `code`. */
export function oddParity(code: number, dataBits: number): number {
  let ones = 0;
  for (let i = 0; i < dataBits; i++) ones += (code >> i) & 1;
  return (ones & 1) === 0 ? 1 : 0;
}

/** Writes one character LSB first with its parity bit into `out` at `at`; returns the next index. */
export function writeChar(format: TrackFormat, code: number, out: Uint8Array, at: number): number {
  const dataBits = format.bits - 1;
  for (let i = 0; i < dataBits; i++) out[at++] = (code >> i) & 1;
  out[at++] = oddParity(code, dataBits);
  return at;
}

/** LRC data bits over character codes (ISO/IEC 7811-2 §10.1.4: XOR, sentinels included). */
export function lrcOf(codes: readonly number[]): number {
  let lrc = 0;
  for (const c of codes) lrc ^= c;
  return lrc;
}

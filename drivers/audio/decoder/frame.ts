/**
 * Bits → characters for one track format: finds the start sentinel, reads
 * characters to the end sentinel, then the LRC, and checks every parity bit
 * and the LRC (ISO/IEC 7811-2 §10.1.3–10.1.4). Parity and LRC are mandatory.
 *
 * Bit values: 0, 1, or ERASURE (2) where the F2F stage could not tell. A single
 * bad character is repaired only when its position is pinpointed (by a parity
 * failure or an erasure) AND the LRC names the bit (or confirms the parity bit
 * alone was wrong); the result is then marked `corrected`.
 */
import { type TrackFormat, oddParity } from "./tracks.js";

export const ERASURE = 2;

export type FrameStatus = "ok" | "no_sentinel" | "parity" | "lrc" | "truncated";

export interface FrameResult {
  readonly status: FrameStatus;
  readonly format: TrackFormat;
  /** Start sentinel … end sentinel inclusive (present when status is "ok"). */
  readonly data: string;
  readonly corrected: boolean;
  /** Bit index (into the run) of the start sentinel's first bit and one past the LRC's last bit. */
  readonly firstBit: number;
  readonly endBit: number;
  /** How far the parse got, in characters: orders failures by progress. */
  readonly progress: number;
}

/**
 * Clocking zeros required before the start sentinel and after the LRC. ISO/IEC
 * 7811-2 records about 0.3 in of zeros at each end (≈ 60 at 210 bpi, 22 at
 * 75 bpi). The bound must exceed the longest zero run that valid data can
 * hold, or a sentinel-like pattern inside the data passes for a frame start:
 * in 5-bit data "1" (1000|0) then "0" (0000|1) gives 8 zeros, in 7-bit data
 * "!" (100000|0) then space (000000|1) gives 12. So 9 and 13.
 */
const MIN_LEADING_ZEROS = { 5: 9, 7: 13 } as const;
/**
 * The same bound after the LRC: a sentinel-like character produced inside the
 * data by bit errors would otherwise end the frame early, and with the next
 * character read as a (repairable) LRC a truncated track could pass as a
 * corrected frame — a misread.
 */
const MIN_TRAILING_ZEROS = MIN_LEADING_ZEROS;
/** Shortest frame accepted: start sentinel, two characters, end sentinel. */
const MIN_CHARS = 4;
/** Only the first few candidate start sentinels are tried: the sentinel follows the leading zeros. */
const MAX_START_CANDIDATES = 4;

// Scratch per format width, reused across calls (no allocation per parse).
const codes = new Int32Array(128);
const bad = new Int32Array(128);

function readChar(
  bits: Uint8Array,
  at: number,
  width: number,
): { code: number; parityOk: boolean; erasures: number; erasedBit: number } {
  let code = 0;
  let ones = 0;
  let erasures = 0;
  let erasedBit = -1;
  for (let i = 0; i < width; i++) {
    const b = bits[at + i]!;
    if (b === ERASURE) {
      erasures++;
      erasedBit = i;
      continue;
    }
    ones += b;
    if (i < width - 1) code |= b << i;
  }
  return { code, parityOk: erasures === 0 && (ones & 1) === 1, erasures, erasedBit };
}

/** Parses bits[from..to) as `format`, trying the first few plausible start sentinels. */
export function parseFrame(bits: Uint8Array, from: number, to: number, format: TrackFormat): FrameResult {
  const width = format.bits;
  const dataBits = width - 1;
  const ss = format.startSentinel.charCodeAt(0) - format.asciiOffset;
  const es = format.endSentinel.charCodeAt(0) - format.asciiOffset;
  let best: FrameResult = {
    status: "no_sentinel",
    format,
    data: "",
    corrected: false,
    firstBit: from,
    endBit: from,
    progress: 0,
  };
  let candidates = 0;
  let zeros = 0;
  for (let s = from; s + width <= to && candidates < MAX_START_CANDIDATES; s++) {
    const b = bits[s]!;
    if (b !== 1) {
      zeros = b === 0 ? zeros + 1 : 0;
      continue;
    }
    if (zeros < MIN_LEADING_ZEROS[width]) {
      zeros = 0;
      continue;
    }
    zeros = 0;
    const first = readChar(bits, s, width);
    if (!first.parityOk || first.code !== ss) continue;
    candidates++;
    const r = parseFrom(bits, s, to, format, ss, es, width, dataBits);
    if (r.status === "ok") return r;
    if (r.progress > best.progress) best = r;
  }
  return best;
}

/** A failed frame: how far it got (no closure per parse: this runs for every start-sentinel candidate). */
function failed(format: TrackFormat, s: number, at: number, n: number, status: FrameStatus): FrameResult {
  return { status, format, data: "", corrected: false, firstBit: s, endBit: at, progress: n };
}

function parseFrom(
  bits: Uint8Array,
  s: number,
  to: number,
  format: TrackFormat,
  ss: number,
  es: number,
  width: number,
  dataBits: number,
): FrameResult {
  let n = 0;
  let nBad = 0;
  let at = s;
  let ended = false;
  while (at + width <= to && n < format.maxChars) {
    const c = readChar(bits, at, width);
    codes[n] = c.code;
    if (!c.parityOk) bad[nBad++] = n;
    n++;
    at += width;
    if (c.parityOk && c.code === es) {
      ended = true;
      break;
    }
    // A second start sentinel inside the data is not ISO: the frame is misaligned.
    if (c.parityOk && c.code === ss && n > 1) return failed(format, s, at, n, "parity");
  }
  if (!ended) return failed(format, s, at, n, at + width > to ? (nBad > 0 ? "parity" : "truncated") : "parity");
  if (at + width > to) return failed(format, s, at, n, "truncated");
  if (n < MIN_CHARS) return failed(format, s, at, n, "parity");
  const lrcChar = readChar(bits, at, width);
  at += width;
  // MIN_TRAILING_ZEROS zeros within the next MIN_TRAILING_ZEROS + 1 bits (two characters): any two
  // valid characters hold at least two 1s (odd parity), so this still rejects data read as trailing
  // zeros, while one noise pulse in the slow, quiet clocking zeros at the end of a swipe is tolerated.
  const need = MIN_TRAILING_ZEROS[width as 5 | 7];
  let ones = 0;
  for (let k = 0; k <= need; k++) {
    if (at + k >= to) {
      if (k < need || ones > 0) return failed(format, s, at, n, "truncated");
      break;
    }
    if (bits[at + k] !== 0) ones++;
    if (ones > 1) return failed(format, s, at, n, "lrc");
  }
  let lrc = 0;
  for (let i = 0; i < n; i++) lrc ^= codes[i]!;
  const mismatch = lrc ^ lrcChar.code;
  let corrected = false;
  if (nBad === 0 && lrcChar.parityOk) {
    if (mismatch !== 0) return failed(format, s, at, n, "lrc");
  } else {
    // Repairable only with exactly one bad character (data or LRC) and an LRC that pinpoints it.
    if (nBad + (lrcChar.parityOk ? 0 : 1) !== 1) return failed(format, s, at, n, "parity");
    if (nBad === 1) {
      const idx = bad[0]!;
      const c = readChar(bits, s + idx * width, width);
      if (c.erasures > 1) return failed(format, s, at, n, "parity");
      if (c.erasures === 1) {
        // The erased bit's value is whatever makes the LRC agree; parity must then agree too.
        const fixed = c.erasedBit < dataBits ? c.code | (mismatch & (1 << c.erasedBit)) : c.code;
        const rest = mismatch & ~(1 << c.erasedBit);
        if (rest !== 0 || (c.erasedBit >= dataBits && mismatch !== 0)) return failed(format, s, at, n, "lrc");
        // With a data bit erased, the parity bit read must now agree (odd parity).
        const parityBit = bits[s + idx * width + dataBits]!;
        if (c.erasedBit < dataBits && oddParity(fixed, dataBits) !== parityBit)
          return failed(format, s, at, n, "parity");
        codes[idx] = fixed;
      } else {
        // Parity failed: the LRC mismatch names the data bit, or is zero when the parity bit flipped.
        if (mismatch !== 0 && (mismatch & (mismatch - 1)) !== 0) return failed(format, s, at, n, "lrc");
        codes[idx] = c.code ^ mismatch;
      }
      if (codes[idx] === es || codes[idx] === ss) return failed(format, s, at, n, "parity");
      if (lrcChar.parityOk === false) return failed(format, s, at, n, "parity");
    } else {
      // Only the LRC character is bad: data must XOR to it in all but at most one pinpointed bit.
      if (lrcChar.erasures > 1) return failed(format, s, at, n, "parity");
      if (lrcChar.erasures === 0 && mismatch !== 0 && (mismatch & (mismatch - 1)) !== 0)
        return failed(format, s, at, n, "lrc");
      if (lrcChar.erasures === 1 && (mismatch & ~(1 << lrcChar.erasedBit)) !== 0)
        return failed(format, s, at, n, "lrc");
    }
    corrected = true;
  }
  let data = "";
  for (let i = 0; i < n; i++) data += String.fromCharCode(codes[i]! + format.asciiOffset);
  return { status: "ok", format, data, corrected, firstBit: s, endBit: at, progress: n };
}

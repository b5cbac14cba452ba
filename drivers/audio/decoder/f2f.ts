/**
 * F2F (Aiken biphase, ISO/IEC 7811-2 §10.1.2) timing recovery: pulse
 * positions → bits. A reversal at every cell boundary, another mid-cell for a
 * `1`. The cell length T is calibrated on the leading clocking zeros (a run of
 * near-equal intervals) and then tracked per bit with a first-order loop
 * (PLL-like), so speed may ramp 10× across a swipe. Intervals the timing
 * cannot explain become erasures (bit value 2) rather than guesses; a gap
 * longer than GAP_CELLS ends the run (lock lost) and calibration starts over.
 *
 * The segment decoder's cheap first attempt (segment.ts `quickFrame`): run over
 * the calibration peaks, it costs a fraction of the Viterbi (timing.ts), and a
 * clean swipe frames from it; the Viterbi runs only when it does not.
 */
import { ERASURE } from "./frame.js";

export interface BitBuffers {
  /** 0, 1 or ERASURE. */
  readonly bits: Uint8Array;
  /** Sample position of the pulse that opens each cell. */
  readonly at: Float64Array;
  /** Cell length in samples when the bit was decided. */
  readonly cell: Float32Array;
  /** Timing margin of each bit: 1 = ideal, 0 = on the decision boundary. */
  readonly margin: Float32Array;
  /** Runs of bits decoded under continuous lock: [start, end) pairs. */
  readonly runs: Int32Array;
}

export interface BitResult {
  readonly count: number;
  readonly runCount: number;
  /** Smallest half-cell seen under lock, in samples (Infinity when none). */
  readonly minHalfCell: number;
}

/** Leading zeros used to calibrate T: this many consecutive near-equal intervals. */
const CALIBRATION_CELLS = 6;
/** Calibration intervals must lie within ±this fraction of their mean. */
const CALIBRATION_SPREAD = 0.22;
/** Half-cell vs full-cell decision point, as a fraction of T. */
const HALF_LIMIT = 0.75;
/** An interval longer than this many cells means the lock is lost. */
const GAP_CELLS = 2.4;
/** Loop gain of the cell-length tracker (per bit). */
const LOOP_GAIN = 0.2;

export function decodeBits(pos: Float64Array, peaks: number, out: BitBuffers): BitResult {
  const cap = out.bits.length;
  let count = 0;
  let runCount = 0;
  let minHalf = Number.POSITIVE_INFINITY;
  let i = 0;
  while (i + CALIBRATION_CELLS < peaks && count + CALIBRATION_CELLS < cap && runCount * 2 + 2 <= out.runs.length) {
    // Calibrate: CALIBRATION_CELLS consecutive intervals within the spread of their mean.
    let sum = 0;
    for (let k = 0; k < CALIBRATION_CELLS; k++) sum += pos[i + k + 1]! - pos[i + k]!;
    const mean = sum / CALIBRATION_CELLS;
    let okCal = mean >= 2;
    for (let k = 0; k < CALIBRATION_CELLS && okCal; k++) {
      const d = pos[i + k + 1]! - pos[i + k]!;
      if (Math.abs(d - mean) > CALIBRATION_SPREAD * mean) okCal = false;
    }
    if (!okCal) {
      i++;
      continue;
    }
    const runStart = count;
    let T = pos[i + 1]! - pos[i]!;
    for (let k = 0; k < CALIBRATION_CELLS; k++) {
      const d = pos[i + k + 1]! - pos[i + k]!;
      T += LOOP_GAIN * (d - T);
      out.bits[count] = 0;
      out.at[count] = pos[i + k]!;
      out.cell[count] = T;
      out.margin[count] = 1;
      count++;
    }
    i += CALIBRATION_CELLS;
    let pending = false;
    let half = 0;
    let lost = false;
    while (i + 1 < peaks && count + 3 < cap) {
      const d = pos[i + 1]! - pos[i]!;
      if (d > GAP_CELLS * T) {
        lost = true;
        i++;
        break;
      }
      if (pending) {
        if (d < HALF_LIMIT * T) {
          const full = half + d;
          out.bits[count] = 1;
          out.at[count] = pos[i - 1]!;
          out.cell[count] = T;
          out.margin[count] = Math.min(marginOf(half, T), marginOf(d, T), 1 - Math.abs(full - T) / T);
          count++;
          T += LOOP_GAIN * (full - T);
          if (T / 2 < minHalf) minHalf = T / 2;
          pending = false;
          i++;
          continue;
        }
        // A lone half-cell: the cell it opened is unknown. Re-examine `d` as a fresh interval.
        out.bits[count] = ERASURE;
        out.at[count] = pos[i - 1]!;
        out.cell[count] = T;
        out.margin[count] = 0;
        count++;
        pending = false;
      }
      if (d < HALF_LIMIT * T) {
        pending = true;
        half = d;
      } else if (d <= 1.5 * T) {
        out.bits[count] = 0;
        out.at[count] = pos[i]!;
        out.cell[count] = T;
        out.margin[count] = Math.min(1, marginOf(d, T));
        count++;
        T += LOOP_GAIN * (d - T);
        if (T / 2 < minHalf) minHalf = T / 2;
      } else {
        // A missing pulse: keep the framing with one erasure per cell the gap spans.
        const cells = Math.round(d / T);
        for (let k = 0; k < cells; k++) {
          out.bits[count] = ERASURE;
          out.at[count] = pos[i]! + k * T;
          out.cell[count] = T;
          out.margin[count] = 0;
          count++;
        }
      }
      i++;
    }
    if (count > runStart) {
      out.runs[runCount * 2] = runStart;
      out.runs[runCount * 2 + 1] = count;
      runCount++;
    }
    if (!lost) break;
  }
  return { count, runCount, minHalfCell: minHalf };
}

/** Distance of an interval from the half/full boundary, normalised so an ideal interval scores 1. */
function marginOf(d: number, T: number): number {
  const r = d / T;
  return r < HALF_LIMIT ? (HALF_LIMIT - r) / (HALF_LIMIT - 0.5) : (r - HALF_LIMIT) / (1 - HALF_LIMIT);
}

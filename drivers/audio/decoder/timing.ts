/**
 * F2F (Aiken biphase, ISO/IEC 7811-2 §10.1.2) timing recovery as a dynamic
 * programme over candidate pulses (candidates.ts) instead of a greedy
 * decision. A cell holds a reversal at its start and, for a `1`, another at
 * mid-cell, so consecutive transitions are one cell (T) or half a cell apart.
 *
 * State: (candidate, phase), phase 0 at a cell boundary, 1 at mid-cell. From
 * a candidate the path may step to the next candidate of opposite polarity or
 * skip one or more PAIRS of candidates (real transitions alternate, so an
 * undershoot lobe and its recovery, or a noise wiggle, are skipped in pairs).
 * Cost per step: squared timing error relative to the path's own cell length
 * (speed varies smoothly, so T is tracked per path by a first-order loop),
 * plus the amplitude of what was skipped and a penalty for picking a
 * candidate much smaller than the path's pulse amplitude. The path ends at the
 * furthest cell boundary any path reaches (competing paths are compared only
 * where they meet, so no length reward is needed). Each node keeps the best
 * path reaching it (Viterbi survivor) with its T and amplitude.
 */
import type { BitBuffers } from "./f2f.js";

/** Timing noise: one standard deviation of an interval, as a fraction of T. */
const SIGMA = 0.11;
/** Candidate pairs that may be skipped between two transitions. */
const MAX_SKIP_PAIRS = 16;
/** An interval longer than this many cells ends the path (lock lost). */
const MAX_INTERVAL_CELLS = 1.6;
/**
 * Cell-length loop gain per bit, for cells many samples long: follows the
 * steepest decelerations of a hand swipe (up to ~7% per bit at the slow end of
 * a 10× ramp) with little lag; a gain of 0.18 lagged ~40% and misread 1s as 0s.
 */
const LOOP_GAIN = 0.5;
/**
 * Cells of only a few samples carry sample-grid jitter of a few tenths of a
 * sample, a large fraction of T: the gain falls as T²/(T² + LOOP_T0²), so a
 * 2-sample cell tracks with ~0.1 and does not chase the grid.
 */
const LOOP_T0 = 4;
/** Pulse-amplitude tracking gain per transition (amplitude ∝ speed). */
const AMP_GAIN = 0.15;
/** Skipping a candidate as large as the path's pulses costs this much (scaled by the squared ratio). */
const SKIP_COST = 5;
/** Picking a candidate smaller than PICK_MIN × the path's amplitude costs PICK_COST × the squared shortfall ratio. */
const PICK_MIN = 0.4;
const PICK_COST = 40;
/**
 * Beam width between the two phases of one candidate: a timing error of
 * BEAM^(1/2) σ ≈ 3.5 σ. The worse phase is not expanded (the Viterbi's cost per
 * candidate halves on clean stretches, where one phase is far ahead).
 */
const BEAM = 12;

export interface TimingBuffers {
  readonly cost: Float64Array;
  readonly cell: Float32Array;
  readonly amp: Float32Array;
  readonly half: Float32Array;
  readonly back: Int32Array;
  readonly path: Int32Array;
}

export function timingBuffers(maxCandidates: number): TimingBuffers {
  return {
    cost: new Float64Array(maxCandidates * 2),
    cell: new Float32Array(maxCandidates * 2),
    amp: new Float32Array(maxCandidates * 2),
    half: new Float32Array(maxCandidates * 2),
    back: new Int32Array(maxCandidates * 2),
    path: new Int32Array(maxCandidates * 2),
  };
}

export interface PathResult {
  /** Bits written into out.bits[from, from + count). */
  readonly count: number;
  /** Smallest half-cell on the path, samples. */
  readonly minHalfCell: number;
}

/**
 * Best path from candidate `start` (a cell boundary with cell length `t0`
 * and pulse amplitude `a0`), walking the candidates in direction `dir`, no
 * further than two cells past `limit` (a sample position).
 * Bits go to out[from…] in forward time order whichever the direction.
 */
export function bestPath(
  pos: Float64Array,
  amp: Float32Array,
  count: number,
  start: number,
  dir: 1 | -1,
  t0: number,
  a0: number,
  limit: number,
  buf: TimingBuffers,
  out: BitBuffers,
  from: number,
): PathResult {
  const steps = dir > 0 ? count - start : start + 1;
  const nodes = Math.min(steps, buf.cost.length >> 1);
  const { cost, cell, half, back } = buf;
  const ampRef = buf.amp;
  // Furthest node any step has reached: past it every cost is infinite, so the walk can stop there
  // (the candidates after the end of the swipe are then never visited).
  let reached = 0;
  cost.fill(Number.POSITIVE_INFINITY, 0, nodes * 2);
  cost[0] = 0;
  cell[0] = t0;
  ampRef[0] = a0;
  back[0] = -1;
  let best = 0;
  for (let k = 0; k < nodes && k <= reached; k++) {
    const p = pos[start + dir * k]!;
    const ca = cost[2 * k]!;
    const cb = cost[2 * k + 1]!;
    for (let h = 0; h < 2; h++) {
      const id = 2 * k + h;
      const c0 = h === 0 ? ca : cb;
      if (c0 === Number.POSITIVE_INFINITY) continue;
      // Beam: a phase far costlier than the other phase of the same candidate never wins back.
      if (c0 > (h === 0 ? cb : ca) + BEAM) continue;
      if (h === 0) best = id;
      const T = cell[id]!;
      const A = ampRef[id]!;
      // Past the last strong pulse by more than two cells: only noise is left to walk through.
      if (dir * (p - limit) > 2 * T) continue;
      const invA = 1 / A;
      const invS = 1 / (SIGMA * T);
      const maxD = MAX_INTERVAL_CELLS * T;
      const halfT = 0.5 * T;
      const gain = (LOOP_GAIN * T * T) / (T * T + LOOP_T0 * LOOP_T0);
      const h1 = h === 1 ? half[id]! : 0;
      let skipped = 0;
      for (let s = 0; s <= MAX_SKIP_PAIRS; s++) {
        const j = k + 1 + 2 * s;
        if (j >= nodes) break;
        const cj = start + dir * j;
        if (s > 0) {
          const q1 = amp[cj - 2 * dir]! * invA;
          const q2 = amp[cj - dir]! * invA;
          skipped += SKIP_COST * (q1 * q1 + q2 * q2);
        }
        const d = dir > 0 ? pos[cj]! - p : p - pos[cj]!;
        if (d > maxD) break;
        if (j > reached) reached = j;
        const aj = amp[cj]!;
        const short = PICK_MIN - aj * invA;
        const base = c0 + skipped + (short > 0 ? PICK_COST * short * short : 0);
        const nextAmp = A + AMP_GAIN * (aj - A);
        const e1 = (d - halfT) * invS;
        if (h === 0) {
          // A whole cell: bit 0.
          const e0 = (d - T) * invS;
          const c0j = base + e0 * e0;
          if (c0j < cost[2 * j]!) {
            cost[2 * j] = c0j;
            cell[2 * j] = T + gain * (d - T);
            ampRef[2 * j] = nextAmp;
            back[2 * j] = id;
            half[2 * j] = 0;
          }
          // First half of a 1.
          const c1j = base + e1 * e1;
          if (c1j < cost[2 * j + 1]!) {
            cost[2 * j + 1] = c1j;
            cell[2 * j + 1] = T;
            ampRef[2 * j + 1] = nextAmp;
            back[2 * j + 1] = id;
            half[2 * j + 1] = d;
          }
        } else {
          // Second half of a 1: each half near T/2 and the pair near T.
          const full = h1 + d;
          const ef = (full - T) * invS;
          const c2j = base + e1 * e1 + 0.5 * ef * ef;
          if (c2j < cost[2 * j]!) {
            cost[2 * j] = c2j;
            cell[2 * j] = T + gain * (full - T);
            ampRef[2 * j] = nextAmp;
            back[2 * j] = id;
            half[2 * j] = 0;
          }
        }
      }
    }
  }
  // Walk back from the best cell-boundary node.
  let len = 0;
  for (let id = best; id >= 0; id = back[id]!) buf.path[len++] = id;
  // buf.path[len-1] is the start node; emit cells in path order.
  let n = 0;
  let minHalf = Number.POSITIVE_INFINITY;
  let open = len - 1;
  for (let i = len - 2; i >= 0; i--) {
    const id = buf.path[i]!;
    if ((id & 1) === 1) continue;
    const prev = buf.path[i + 1]!;
    const isOne = (prev & 1) === 1;
    const a = pos[start + dir * (buf.path[open]! >> 1)]!;
    const b = pos[start + dir * (id >> 1)]!;
    const T = cell[buf.path[open]!]!;
    const d = Math.abs(b - a);
    let margin: number;
    if (isOne) {
      const mid = start + dir * (prev >> 1);
      const h1 = Math.abs(pos[mid]! - a);
      margin = Math.min(1, (0.75 - Math.max(h1, d - h1) / T) / 0.25);
      // A mid-cell pulse much weaker than the path's pulses is weak evidence for a 1.
      const strength = Math.abs(amp[mid]!) / ampRef[prev]! / (2 * PICK_MIN);
      if (strength < margin) margin = strength;
    } else margin = Math.min(1, (d / T - 0.75) / 0.25);
    out.bits[from + n] = isOne ? 1 : 0;
    out.at[from + n] = dir > 0 ? a : b;
    out.cell[from + n] = d;
    out.margin[from + n] = margin;
    if (d / 2 < minHalf) minHalf = d / 2;
    n++;
    open = i;
  }
  if (dir < 0) {
    // Backward walk: reverse into forward time order.
    for (let i = 0, j = n - 1; i < j; i++, j--) {
      swap(out.bits, from + i, from + j);
      swap(out.at, from + i, from + j);
      swap(out.cell, from + i, from + j);
      swap(out.margin, from + i, from + j);
    }
  }
  return { count: n, minHalfCell: minHalf };
}

function swap(a: Uint8Array | Float64Array | Float32Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

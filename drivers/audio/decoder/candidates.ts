/**
 * Candidate flux-reversal pulses: every alternating extremum that stands out
 * of the noise by a fixed hysteresis (a delta detector with a noise-derived
 * threshold and no amplitude tracking). This deliberately keeps too much —
 * the undershoot lobes a phone's AC coupling hangs after each pulse, small
 * mid-cell pulses shrunk by overlap, the odd noise wiggle — because choosing
 * which candidates are transitions is left to the timing search (timing.ts),
 * which sees timing and amplitude together. Because flux reversals alternate
 * in polarity, real transitions are always an alternating subsequence.
 */

export interface CandidateBuffers {
  /** Sub-sample positions (parabolic interpolation; a clipped plateau resolves to its centre). */
  readonly pos: Float64Array;
  /** Signed value at the extremum (baseline 0 after the front end). */
  readonly amp: Float32Array;
}

/** Finds alternating extrema of y[0..n) moving at least `h` away; returns how many were written. */
export function findCandidates(y: Float32Array, n: number, h: number, out: CandidateBuffers): number {
  const cap = out.pos.length;
  let count = 0;
  let mx = Number.NEGATIVE_INFINITY;
  let mn = Number.POSITIVE_INFINITY;
  let mxPos = 0;
  let mnPos = 0;
  let mxEnd = 0;
  let mnEnd = 0;
  // 0: undecided, 1: looking for a maximum, -1: looking for a minimum.
  let dir = 0;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v > mx) {
      mx = v;
      mxPos = i;
      mxEnd = i;
    } else if (v === mx && mxEnd === i - 1) mxEnd = i;
    if (v < mn) {
      mn = v;
      mnPos = i;
      mnEnd = i;
    } else if (v === mn && mnEnd === i - 1) mnEnd = i;
    if (dir >= 0 && v < mx - h && (dir === 1 || mxPos > mnPos)) {
      if (count >= cap) return count;
      out.pos[count] = refine(y, n, mxPos, mxEnd);
      out.amp[count] = mx;
      count++;
      dir = -1;
      mn = v;
      mnPos = i;
      mnEnd = i;
    } else if (dir <= 0 && v > mn + h && (dir === -1 || mnPos > mxPos)) {
      if (count >= cap) return count;
      out.pos[count] = refine(y, n, mnPos, mnEnd);
      out.amp[count] = mn;
      count++;
      dir = 1;
      mx = v;
      mxPos = i;
      mxEnd = i;
    }
  }
  return count;
}

/** Parabolic interpolation around an extremum; a plateau (clipping) resolves to its centre. */
export function refine(y: Float32Array, n: number, p: number, end: number): number {
  if (end > p) return (p + end) / 2;
  if (p <= 0 || p >= n - 1) return p;
  const a = y[p - 1]!;
  const b = y[p]!;
  const c = y[p + 1]!;
  const den = a - 2 * b + c;
  if (den === 0) return p;
  const off = (0.5 * (a - c)) / den;
  return off > 0.5 || off < -0.5 ? p : p + off;
}

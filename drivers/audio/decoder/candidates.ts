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
  /**
   * Strength as a transition of the extremum's own polarity: the value of a
   * maximum, minus the value of a minimum, never below 0. A noise wiggle on the
   * flat top of a wide pulse (a minimum that stays positive) has strength 0, so
   * the timing search skips it for free instead of taking it for a transition.
   */
  readonly str: Float32Array;
}

/**
 * Finds alternating extrema of y[0..n) moving at least `h` away; returns how
 * many were written. Once the first extremum is known, only the running
 * extremum of the sign being looked for is tracked (one compare per sample in
 * the common case): this loop runs over every sample of every pass.
 */
export function findCandidates(y: Float32Array, n: number, h: number, out: CandidateBuffers): number {
  const cap = out.pos.length;
  let count = 0;
  // Undecided until the signal has moved h from its first extreme.
  let mx = Number.NEGATIVE_INFINITY;
  let mn = Number.POSITIVE_INFINITY;
  let mxPos = 0;
  let mnPos = 0;
  let i = 0;
  let dir = 0;
  for (; i < n; i++) {
    const v = y[i]!;
    if (v > mx) {
      mx = v;
      mxPos = i;
    }
    if (v < mn) {
      mn = v;
      mnPos = i;
    }
    if (v < mx - h && mxPos > mnPos) {
      dir = 1;
      break;
    }
    if (v > mn + h && mnPos > mxPos) {
      dir = -1;
      break;
    }
  }
  if (dir === 0) return 0;
  // ext/extPos: the running extremum of the kind being looked for (its first sample; a flat run from
  // there, i.e. clipping, is found once the extremum is final). One tight loop per polarity: the
  // common sample is one or two compares.
  let ext = dir > 0 ? mx : mn;
  let extPos = dir > 0 ? mxPos : mnPos;
  while (i < n) {
    if (dir > 0) {
      let thr = ext - h;
      for (; i < n; i++) {
        const v = y[i]!;
        if (v < thr) break;
        if (v > ext) {
          ext = v;
          thr = v - h;
          extPos = i;
        }
      }
      if (i >= n || count >= cap) break;
      out.pos[count] = refine(y, n, extPos, plateauEnd(y, n, extPos, ext));
      out.amp[count] = ext;
      out.str[count] = ext > 0 ? ext : 0;
      count++;
      dir = -1;
    } else {
      let thr = ext + h;
      for (; i < n; i++) {
        const v = y[i]!;
        if (v > thr) break;
        if (v < ext) {
          ext = v;
          thr = v + h;
          extPos = i;
        }
      }
      if (i >= n || count >= cap) break;
      out.pos[count] = refine(y, n, extPos, plateauEnd(y, n, extPos, ext));
      out.amp[count] = ext;
      out.str[count] = ext < 0 ? -ext : 0;
      count++;
      dir = 1;
    }
    ext = y[i]!;
    extPos = i;
    i++;
  }
  return count;
}

/** Last index of the run of samples equal to y[p] = v that starts at p. */
function plateauEnd(y: Float32Array, n: number, p: number, v: number): number {
  let e = p;
  while (e + 1 < n && y[e + 1] === v) e++;
  return e;
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

/**
 * Small IIR/FIR helpers for the decoder front end. All work in place on
 * preallocated arrays so the per-swipe decode allocates nothing per sample.
 */

/** Normalised biquad coefficients (a0 = 1), Direct Form I. */
export interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/**
 * Second-order Butterworth high-pass (RBJ Audio EQ Cookbook, Q = 1/√2).
 * Removes DC, mains hum and the slow wander AGC and AC coupling leave behind
 * while keeping the flux-reversal pulses, whose energy sits far above 100 Hz.
 */
export function highPass(cutoffHz: number, sampleRate: number): Biquad {
  const w = (2 * Math.PI * cutoffHz) / sampleRate;
  const cos = Math.cos(w);
  const alpha = Math.sin(w) / (2 * Math.SQRT1_2);
  const a0 = 1 + alpha;
  return {
    b0: (1 + cos) / 2 / a0,
    b1: -(1 + cos) / a0,
    b2: (1 + cos) / 2 / a0,
    a1: (-2 * cos) / a0,
    a2: (1 - alpha) / a0,
  };
}

/**
 * Filters `src[0..n)` into `dst` (may be the same array). With `primed`, the
 * filter starts in the steady state of a constant input equal to src[0] (a
 * high-pass then outputs 0 for it): a segment cut from a stream with a DC offset
 * must not begin with a step whose ringing is larger than a quiet swipe.
 */
export function applyBiquad(f: Biquad, src: Float32Array, dst: Float32Array, n: number, primed = false): void {
  const x0 = primed && n > 0 ? src[0]! : 0;
  // Coefficients and state in locals: this loop runs over every sample of every segment.
  const { b0, b1, b2, a1, a2 } = f;
  let x1 = x0;
  let x2 = x0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    dst[i] = y;
  }
}

/**
 * applyBiquad (primed) that also writes the RMS of each consecutive window of
 * `w` output samples into `rms` (the noise estimate's input) in the same pass
 * over memory. Returns the number of windows written.
 */
export function highPassWithWindows(
  f: Biquad,
  src: Float32Array,
  dst: Float32Array,
  n: number,
  w: number,
  rms: Float32Array,
): number {
  const { b0, b1, b2, a1, a2 } = f;
  let x1 = n > 0 ? src[0]! : 0;
  let x2 = x1;
  let y1 = 0;
  let y2 = 0;
  let count = 0;
  const cap = rms.length;
  let i = 0;
  for (let end = w; i < n; end += w) {
    const stop = end < n ? end : n;
    let sq = 0;
    for (; i < stop; i++) {
      const x = src[i]!;
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      dst[i] = y;
      sq += y * y;
    }
    if (stop === end && count < cap) rms[count++] = Math.sqrt(sq / w);
  }
  return count;
}

/**
 * Binomial smoothing of order `order` (0: copy, 1: [1 2 1]/4, 2: [1 4 6 4 1]/16),
 * zero phase so pulse positions do not move. Trades time resolution for noise:
 * used only by the decoder's retry passes, when pulses are wide (slow swipes).
 */
export function binomialSmooth(src: Float32Array, dst: Float32Array, n: number, order: number): void {
  if (order <= 0) {
    if (src !== dst) dst.set(src.subarray(0, n));
    return;
  }
  // [1 2 1]/4 applied `order` times; edges reuse the nearest sample.
  if (src !== dst) dst.set(src.subarray(0, n));
  for (let pass = 0; pass < order; pass++) {
    let prev = dst[0]!;
    for (let i = 0; i < n; i++) {
      const cur = dst[i]!;
      const next = i + 1 < n ? dst[i + 1]! : cur;
      dst[i] = 0.25 * prev + 0.5 * cur + 0.25 * next;
      prev = cur;
    }
  }
}

/** First-order IIR section y = b0·x + b1·x[n−1] − a1·y[n−1]. */
export interface OnePole {
  readonly b0: number;
  readonly b1: number;
  readonly a1: number;
}

/**
 * Inverse of a first-order channel high-pass at `cornerHz`, leaving one at
 * `floorHz`: the shelf (s + ωc)/(s + ωf) by the bilinear transform with
 * prewarping. A phone's AC coupling at a few hundred hertz differentiates the
 * slow, wide pulses of a slow swipe into doublets (a lobe and an equal
 * opposite lobe); this integrates them back into single pulses. Applied twice
 * it undoes a critically damped second-order high-pass.
 */
export function deemphasis(cornerHz: number, floorHz: number, sampleRate: number): OnePole {
  const kc = Math.tan((Math.PI * cornerHz) / sampleRate);
  const kf = Math.tan((Math.PI * floorHz) / sampleRate);
  return { b0: (1 + kc) / (1 + kf), b1: (kc - 1) / (1 + kf), a1: (kf - 1) / (1 + kf) };
}

/** Filters `src[0..n)` into `dst` (may be the same array), starting from rest. */
export function applyOnePole(f: OnePole, src: Float32Array, dst: Float32Array, n: number): void {
  let x1 = 0;
  let y1 = 0;
  const { b0, b1, a1 } = f;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    const y = b0 * x + b1 * x1 - a1 * y1;
    x1 = x;
    y1 = y;
    dst[i] = y;
  }
}

/**
 * Triangular smoothing whose width follows the local cell length: a matched
 * filter for head pulses, whose width in samples grows as the swipe slows
 * (PW50 is fixed on the stripe). `at[0..count)` are cell start positions (in
 * increasing order) and `cell` their lengths; before the first and after the
 * last cell the nearest one applies. Each output is a boxcar of 2w+1 samples
 * (w = round(k × cell)) applied twice, scaled by √(2w+1) so white noise keeps
 * one level along the swipe (the percentile noise estimate and hysteresis stay
 * valid); pulse amplitude (∝ speed) then varies as √speed, a gentler ramp.
 * `prefix` needs n + 1 entries; src and dst must differ.
 */
export function cellSmooth(
  src: Float32Array,
  dst: Float32Array,
  n: number,
  at: Float64Array,
  cell: Float32Array,
  count: number,
  k: number,
  prefix: Float64Array,
): void {
  for (let round = 0; round < 2; round++) {
    const from = round === 0 ? src : dst;
    let acc = 0;
    prefix[0] = 0;
    for (let i = 0; i < n; i++) {
      acc += from[i]!;
      prefix[i + 1] = acc;
    }
    let c = 0;
    let w = Math.round(k * cell[0]!);
    let nextAt = count > 1 ? at[1]! : Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (i >= nextAt) {
        while (c + 1 < count && at[c + 1]! <= i) c++;
        w = Math.round(k * cell[c]!);
        nextAt = c + 1 < count ? at[c + 1]! : Number.POSITIVE_INFINITY;
      }
      const lo = i - w < 0 ? 0 : i - w;
      const hi = i + w + 1 > n ? n : i + w + 1;
      const len = hi - lo;
      // Mean over the window, times √(2w+1) on the second round only (the noise-levelling gain).
      const mean = (prefix[hi]! - prefix[lo]!) / len;
      dst[i] = round === 0 ? mean : mean * Math.sqrt(2 * w + 1);
    }
  }
}

/**
 * Moves the k-th smallest of a[0..n) to a[k], with everything before it ≤ it
 * and everything after ≥ it (Hoare's selection), and returns it. The noise
 * estimate needs two low percentiles of a few hundred window RMS values, and
 * the full sort it replaced was 2.9% of a segment decode's CPU profile.
 * NaN never occurs here (windows are RMS values of clamped samples).
 */
export function selectKth(a: Float32Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k]!;
}

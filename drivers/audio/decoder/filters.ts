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

/** Filters `src[0..n)` into `dst` (may be the same array). */
export function applyBiquad(f: Biquad, src: Float32Array, dst: Float32Array, n: number): void {
  let x1 = 0;
  let x2 = 0;
  let y1 = 0;
  let y2 = 0;
  for (let i = 0; i < n; i++) {
    const x = src[i]!;
    const y = f.b0 * x + f.b1 * x1 + f.b2 * x2 - f.a1 * y1 - f.a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    dst[i] = y;
  }
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

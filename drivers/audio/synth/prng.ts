/**
 * Seeded randomness for reproducible fixtures: mulberry32 (a 32-bit
 * multiply-xorshift generator; small, fast, good enough for test signals),
 * Gaussian samples by Box–Muller, and pink noise by Paul Kellet's "economy"
 * three-pole filter (−3 dB/octave within ±0.5 dB over the audio band).
 */

export interface Prng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal. */
  gauss(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number;
}

export function prng(seed: number): Prng {
  let s = seed >>> 0;
  let spare = Number.NaN;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    gauss() {
      if (!Number.isNaN(spare)) {
        const v = spare;
        spare = Number.NaN;
        return v;
      }
      const u = Math.max(next(), 1e-12);
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    range: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor((hi - lo + 1) * next()),
  };
}

/** Fills `out` with unit-RMS noise, white or pink. */
export function fillNoise(rng: Prng, out: Float32Array, color: "white" | "pink"): void {
  if (color === "white") {
    for (let i = 0; i < out.length; i++) out[i] = rng.gauss();
    return;
  }
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let sum = 0;
  for (let i = 0; i < out.length; i++) {
    const w = rng.gauss();
    b0 = 0.99765 * b0 + w * 0.099046;
    b1 = 0.963 * b1 + w * 0.2965164;
    b2 = 0.57 * b2 + w * 1.0526913;
    const v = b0 + b1 + b2 + w * 0.1848;
    out[i] = v;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / Math.max(1, out.length)) || 1;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / rms;
}

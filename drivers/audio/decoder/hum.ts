/**
 * Mains hum and DC removal by block-wise projection. In each block of exactly
 * HUM_BLOCK_S (0.1 s holds a whole number of 50 Hz and 60 Hz periods, so the
 * sinusoids below are orthogonal over it) the mean and the sine/cosine
 * components at 50/60 Hz and their first harmonics are measured and
 * subtracted. That is a comb of notches about 10 Hz wide: it removes hum as
 * loud as the slow start of a swipe without the pulse undershoot a steep
 * high-pass would add, and it follows a mains frequency that drifts by a few
 * tenths of a hertz because each block is fitted on its own.
 */

/** Block length: 5 periods of 50 Hz, 6 of 60 Hz (IEC 60038 mains frequencies). */
const HUM_BLOCK_S = 0.1;
/** Fundamentals and harmonics fitted (hum from rectifiers and transformers is rich in low harmonics). */
const HUM_FREQUENCIES = [50, 60, 100, 120, 150, 180, 200, 240] as const;
/** The first two entries of HUM_FREQUENCIES are the fundamentals. */
const FUNDAMENTALS = 2;

export class HumCanceller {
  private readonly block: number;
  private readonly freqs: Float64Array;
  private readonly cosStep: Float64Array;
  private readonly sinStep: Float64Array;

  constructor(sampleRate: number) {
    this.block = Math.round(HUM_BLOCK_S * sampleRate);
    const usable = HUM_FREQUENCIES.filter((f) => f < sampleRate / 4);
    this.freqs = Float64Array.from(usable);
    this.cosStep = Float64Array.from(usable, (f) => Math.cos((2 * Math.PI * f) / sampleRate));
    this.sinStep = Float64Array.from(usable, (f) => Math.sin((2 * Math.PI * f) / sampleRate));
  }

  /**
   * Ratio of the fitted hum (RMS) to the residual RMS of the first block:
   * the pre-roll holds no swipe, so this says whether hum is worth removing.
   */
  humRatio(x: Float32Array, n: number): number {
    const len = Math.min(this.block, n);
    if (len < this.block) return 0;
    let mean = 0;
    for (let i = 0; i < len; i++) mean += x[i]!;
    mean /= len;
    let total = 0;
    for (let i = 0; i < len; i++) total += (x[i]! - mean) ** 2;
    let hum = 0;
    // Mains hum always carries its fundamental: testing 50 and 60 Hz alone costs a quarter of the full fit.
    for (let f = 0; f < FUNDAMENTALS; f++) {
      const [c, s] = this.project(x, 0, len, f);
      hum += ((c * c + s * s) * len) / 2;
    }
    const rest = Math.max(total - hum, 1e-30);
    return Math.sqrt(hum / rest);
  }

  /** Removes mean and hum block by block, in place; the last partial block reuses the previous fit. */
  cancel(x: Float32Array, n: number): void {
    const b = this.block;
    for (let start = 0; start < n; start += b) {
      const end = Math.min(n, start + b);
      const fitFrom = end - start === b || start < b ? start : end - b;
      const len = end - fitFrom;
      let mean = 0;
      for (let i = fitFrom; i < end; i++) mean += x[i]!;
      mean /= len;
      for (let i = start; i < end; i++) x[i] = x[i]! - mean;
      if (len < b) continue;
      for (let f = 0; f < this.freqs.length; f++) {
        const [c, s] = this.project(x, fitFrom, len, f);
        // Rotate the phasor from fitFrom to start.
        const cs = this.cosStep[f]!;
        const sn = this.sinStep[f]!;
        let re = 1;
        let im = 0;
        for (let k = fitFrom; k < start; k++) {
          const r = re * cs - im * sn;
          im = re * sn + im * cs;
          re = r;
        }
        for (let i = start; i < end; i++) {
          x[i] = x[i]! - (c * re + s * im);
          const r = re * cs - im * sn;
          im = re * sn + im * cs;
          re = r;
        }
      }
    }
  }

  /** Least-squares cosine and sine amplitudes of frequency index f over x[from, from+len). */
  private project(x: Float32Array, from: number, len: number, f: number): [number, number] {
    const cs = this.cosStep[f]!;
    const sn = this.sinStep[f]!;
    let re = 1;
    let im = 0;
    let c = 0;
    let s = 0;
    for (let i = from; i < from + len; i++) {
      const v = x[i]!;
      c += v * re;
      s += v * im;
      const r = re * cs - im * sn;
      im = re * sn + im * cs;
      re = r;
    }
    return [(2 * c) / len, (2 * s) / len];
  }
}

/**
 * Mains hum and DC removal by block-wise projection. In each block of exactly
 * HUM_BLOCK_S (0.1 s holds a whole number of 50 Hz and 60 Hz periods, so the
 * sinusoids below are orthogonal over it) the mean and the sine/cosine
 * components at 50/60 Hz and their first harmonics are measured and
 * subtracted. That is a comb of notches about 10 Hz wide: it removes hum as
 * loud as the slow start of a swipe without the pulse undershoot a steep
 * high-pass would add, and it follows a mains frequency that drifts by a few
 * tenths of a hertz because each block is fitted on its own (blocks overlap
 * by half and their fits are cross-faded).
 */

/** Block length: 5 periods of 50 Hz, 6 of 60 Hz (IEC 60038 mains frequencies). */
const HUM_BLOCK_S = 0.1;
/** Fundamentals and harmonics fitted (hum from rectifiers and transformers is rich in low harmonics). */
const HUM_FREQUENCIES = [50, 60, 100, 120, 150, 180, 200, 240] as const;
/** The fit ignores sample values beyond this many times the pre-roll RMS (√2 for a pure sinusoid). */
const HUM_LIMIT = 3;
/** humRatio looks at the pre-roll at about this rate (well above twice 60 Hz). */
const RATIO_RATE_HZ = 2000;
/** The first two entries of HUM_FREQUENCIES are the fundamentals. */
const FUNDAMENTALS = 2;

export class HumCanceller {
  private readonly block: number;
  private readonly freqs: Float64Array;
  private readonly cosStep: Float64Array;
  private readonly sinStep: Float64Array;
  private readonly ratioStep: number;
  /** Per block (a half block apart): mean, and cosine/sine amplitude per frequency. */
  private readonly maxBlocks: number;
  private readonly means: Float64Array;
  private readonly fitC: Float64Array;
  private readonly fitS: Float64Array;
  /** sin² fade-in weights over a half block. */
  private readonly fadeIn: Float64Array;
  /** One half block of the hum estimate. */
  private readonly work: Float64Array;
  private readonly ratioCos: Float64Array;
  private readonly ratioSin: Float64Array;

  constructor(
    private readonly sampleRate: number,
    capacity: number,
  ) {
    this.block = Math.round(HUM_BLOCK_S * sampleRate);
    const usable = HUM_FREQUENCIES.filter((f) => f < sampleRate / 4);
    this.freqs = Float64Array.from(usable);
    this.cosStep = Float64Array.from(usable, (f) => Math.cos((2 * Math.PI * f) / sampleRate));
    this.sinStep = Float64Array.from(usable, (f) => Math.sin((2 * Math.PI * f) / sampleRate));
    this.maxBlocks = Math.max(1, Math.floor(capacity / (this.block >> 1)) + 1);
    this.means = new Float64Array(this.maxBlocks);
    this.fitC = new Float64Array(this.maxBlocks * usable.length);
    this.fitS = new Float64Array(this.maxBlocks * usable.length);
    this.work = new Float64Array((this.block >> 1) + 1);
    const h = this.block >> 1;
    this.fadeIn = Float64Array.from({ length: h + 1 }, (_, i) => Math.sin((Math.PI / 2) * ((i + 0.5) / h)) ** 2);
    this.ratioStep = Math.max(1, Math.floor(sampleRate / RATIO_RATE_HZ));
    const stepRate = sampleRate / this.ratioStep;
    this.ratioCos = Float64Array.from(usable.slice(0, FUNDAMENTALS), (f) => Math.cos((2 * Math.PI * f) / stepRate));
    this.ratioSin = Float64Array.from(usable.slice(0, FUNDAMENTALS), (f) => Math.sin((2 * Math.PI * f) / stepRate));
  }

  /**
   * Ratio of the fitted hum (RMS) to the residual RMS in the first or the last block, whichever
   * is larger: the pre-roll and the hangover hold no swipe (one of them may, when a slow, quiet
   * end of the swipe reaches into it), so this says whether hum is worth removing.
   */
  humRatio(x: Float32Array, n: number): number {
    if (n < this.block) return 0;
    return Math.max(this.blockHumRatio(x, 0), this.blockHumRatio(x, n - this.block));
  }

  private blockHumRatio(x: Float32Array, from: number): number {
    const len = this.block;
    // Every `step`-th sample: 50/60 Hz need only a few hundred samples per second, and the
    // pre-roll's broadband noise aliases into the residual, where it belongs.
    const step = this.ratioStep;
    const m = Math.floor(len / step);
    let mean = 0;
    for (let i = 0; i < m; i++) mean += x[from + i * step]!;
    mean /= m;
    let total = 0;
    for (let i = 0; i < m; i++) total += (x[from + i * step]! - mean) ** 2;
    let hum = 0;
    // Mains hum always carries its fundamental: testing 50 and 60 Hz alone costs a quarter of the full fit.
    for (let f = 0; f < FUNDAMENTALS; f++) {
      const cs = this.ratioCos[f]!;
      const sn = this.ratioSin[f]!;
      let re = 1;
      let im = 0;
      let c = 0;
      let s = 0;
      for (let i = 0; i < m; i++) {
        const v = x[from + i * step]!;
        c += v * re;
        s += v * im;
        const r = re * cs - im * sn;
        im = re * sn + im * cs;
        re = r;
      }
      hum += (2 * (c * c + s * s)) / m;
    }
    const rest = Math.max(total - hum, 1e-30);
    return Math.sqrt(hum / rest);
  }

  /**
   * Removes mean and hum in place. Blocks of HUM_BLOCK_S start every half block; each is fitted on
   * its own and the fits are cross-faded (sin²/cos², which sum to 1) over the half blocks they
   * share, so the estimate has no step at block edges (after the high-pass a step would ring like a
   * pulse at the slow, quiet end of a swipe). Past the last whole block its fit runs on.
   */
  cancel(x: Float32Array, n: number): void {
    const b = this.block;
    const h = b >> 1;
    const nf = this.freqs.length;
    const blocks = n < b ? 0 : Math.min(this.maxBlocks, Math.floor((n - b) / h) + 1);
    if (blocks === 0) {
      let mean = 0;
      for (let i = 0; i < n; i++) mean += x[i]!;
      mean /= Math.max(1, n);
      for (let i = 0; i < n; i++) x[i] = x[i]! - mean;
      return;
    }
    // Pulses inside a block leak into its fit: the fit sees samples limited to a few times the
    // level of the quieter of pre-roll and hangover (hum plus noise), which hum never exceeds.
    const limit = HUM_LIMIT * Math.min(blockRms(x, 0, b), blockRms(x, n - b, b));
    for (let k = 0; k < blocks; k++) {
      const from = k * h;
      let mean = 0;
      for (let i = from; i < from + b; i++) mean += x[i]!;
      mean /= b;
      this.means[k] = mean;
      for (let f = 0; f < nf; f++) this.project(x, from, b, f, mean, limit, k * nf + f);
    }
    // Subtract: half block j is covered by blocks j-1 (fading out) and j (fading in).
    const halves = Math.ceil(n / h);
    for (let j = 0; j < halves; j++) {
      const from = j * h;
      const to = Math.min(n, from + h);
      const kIn = Math.min(j, blocks - 1);
      const kOut = j - 1 >= 0 && j - 1 < blocks && j < blocks ? j - 1 : -1;
      for (let i = from; i < to; i++) this.work[i - from] = 0;
      this.addModel(kIn, from, to, kOut < 0 ? 0 : 1, 1);
      if (kOut >= 0) this.addModel(kOut, from, to, 1, -1);
      for (let i = from; i < to; i++) x[i] = x[i]! - this.work[i - from]!;
    }
  }

  /**
   * Adds block k's model over [from, to) into work, weighted by a sin² fade in (dir 1) or cos²
   * fade out (dir -1) across the half block when `fade` is 1, else with weight 1.
   */
  private addModel(k: number, from: number, to: number, fade: number, dir: 1 | -1): void {
    const nf = this.freqs.length;
    const start = k * (this.block >> 1);
    const mean = this.means[k]!;
    const fadeIn = this.fadeIn;
    for (let i = from; i < to; i++) {
      const w = fade === 0 ? 1 : dir > 0 ? fadeIn[i - from]! : 1 - fadeIn[i - from]!;
      this.work[i - from] = this.work[i - from]! + w * mean;
    }
    for (let f = 0; f < nf; f++) {
      const c = this.fitC[k * nf + f]!;
      const sn0 = this.fitS[k * nf + f]!;
      const cs = this.cosStep[f]!;
      const sn = this.sinStep[f]!;
      // Phasor at `from`, relative to the block start.
      const phase = ((2 * Math.PI * this.freqs[f]!) / this.sampleRate) * (from - start);
      let re = Math.cos(phase);
      let im = Math.sin(phase);
      for (let i = from; i < to; i++) {
        const w = fade === 0 ? 1 : dir > 0 ? fadeIn[i - from]! : 1 - fadeIn[i - from]!;
        this.work[i - from] = this.work[i - from]! + w * (c * re + sn0 * im);
        const r = re * cs - im * sn;
        im = re * sn + im * cs;
        re = r;
      }
    }
  }

  /** Least-squares cosine and sine amplitudes of frequency index f over x[from, from+len) − mean, into fit slot `slot`. */
  private project(
    x: Float32Array,
    from: number,
    len: number,
    f: number,
    mean: number,
    limit: number,
    slot: number,
  ): void {
    const cs = this.cosStep[f]!;
    const sn = this.sinStep[f]!;
    let re = 1;
    let im = 0;
    let c = 0;
    let s = 0;
    for (let i = from; i < from + len; i++) {
      const u = x[i]! - mean;
      const v = u > limit ? limit : u < -limit ? -limit : u;
      c += v * re;
      s += v * im;
      const r = re * cs - im * sn;
      im = re * sn + im * cs;
      re = r;
    }
    this.fitC[slot] = (2 * c) / len;
    this.fitS[slot] = (2 * s) / len;
  }
}

/** RMS about the mean of x[from, from + len). */
function blockRms(x: Float32Array, from: number, len: number): number {
  let mean = 0;
  for (let i = from; i < from + len; i++) mean += x[i]!;
  mean /= len;
  let sq = 0;
  for (let i = from; i < from + len; i++) sq += (x[i]! - mean) ** 2;
  return Math.sqrt(sq / len);
}

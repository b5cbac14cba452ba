/**
 * Flux-reversal pulse detection: alternating extrema with an adaptive
 * hysteresis (a "delta" peak detector). Each reversal of the stripe's
 * magnetisation gives a head pulse of the opposite sign to the previous one,
 * so extrema must alternate; an extremum is accepted once the signal has
 * moved away from it by `h`. `h` follows the local pulse swing (amplitude is
 * proportional to swipe speed, which ramps up to 10× within a swipe) and never
 * drops below a floor set by the measured noise, so neither amplitude ramps nor
 * DC, hum or AC-coupling wander (slow compared with a pulse) fool it.
 */

export interface PeakBuffers {
  /** Sub-sample peak positions (parabolic interpolation). */
  readonly pos: Float64Array;
  /** Swing from the previous accepted extremum to this one (always ≥ 0). */
  readonly swing: Float32Array;
}

export interface PeakOptions {
  /** Hysteresis as a fraction of the tracked pulse swing. */
  readonly ratio: number;
  /** Absolute hysteresis floor (from the noise estimate). */
  readonly floor: number;
  /**
   * A maximum must exceed +sign × (tracked pulse peak) and a minimum fall below
   * −sign × it (0 disables). After the front-end high-pass the baseline is 0,
   * so this rejects the opposite-sign undershoot a phone's AC coupling hangs
   * after every pulse, which the hysteresis alone would take for a pulse.
   */
  readonly sign: number;
}

/**
 * The swing estimate is a decaying peak hold: it jumps up to a larger swing
 * and decays by this factor per accepted pulse. Holding the peak (not the
 * mean) keeps the small wiggles a phone's high-pass leaves after each pulse
 * (undershoot and its recovery) under the hysteresis, while the decay follows
 * a decelerating swipe (10× over a few hundred pulses ≈ 1% per pulse).
 */
const SWING_DECAY = 0.96;
/** One swing may raise the estimate at most this much (a click must not blind the detector). */
const SWING_CLAMP = 2;

/** Finds alternating extrema of y[0..n); returns how many were written into `out`. */
export function findPeaks(y: Float32Array, n: number, opts: PeakOptions, out: PeakBuffers): number {
  const cap = out.pos.length;
  let count = 0;
  let env = 0;
  let h = opts.floor;
  let mx = Number.NEGATIVE_INFINITY;
  let mn = Number.POSITIVE_INFINITY;
  let mxPos = 0;
  let mnPos = 0;
  let mxEnd = 0;
  let mnEnd = 0;
  let lookForMax = true;
  let lastValue = 0;
  let started = false;
  let level = 0;
  const sign = opts.sign;
  for (let i = 0; i < n; i++) {
    const v = y[i]!;
    if (v > mx) {
      mx = v;
      mxPos = i;
      mxEnd = i;
    } else if (v === mx && mxEnd === i - 1) mxEnd = i; // clipped plateau: take its middle
    if (v < mn) {
      mn = v;
      mnPos = i;
      mnEnd = i;
    } else if (v === mn && mnEnd === i - 1) mnEnd = i;
    if (lookForMax) {
      if (v < mx - h && mx > sign * level) {
        if (count >= cap) return count;
        const swing = started ? mx - lastValue : mx - mn;
        out.pos[count] = refine(y, n, mxPos, mxEnd);
        out.swing[count] = swing;
        count++;
        env = updateEnv(env, swing, started);
        started = true;
        lastValue = mx;
        level = Math.max(mx, level * SWING_DECAY);
        h = Math.max(opts.floor, opts.ratio * env);
        lookForMax = false;
        mn = v;
        mnPos = i;
        mnEnd = i;
      }
    } else if (v > mn + h && -mn > sign * level) {
      if (count >= cap) return count;
      const swing = started ? lastValue - mn : mx - mn;
      out.pos[count] = refine(y, n, mnPos, mnEnd);
      out.swing[count] = swing;
      count++;
      env = updateEnv(env, swing, started);
      started = true;
      lastValue = mn;
      level = Math.max(-mn, level * SWING_DECAY);
      h = Math.max(opts.floor, opts.ratio * env);
      lookForMax = true;
      mx = v;
      mxPos = i;
      mxEnd = i;
    }
  }
  return count;
}

function updateEnv(env: number, swing: number, started: boolean): number {
  if (!started || env === 0) return swing;
  const decayed = env * SWING_DECAY;
  if (swing <= decayed) return decayed;
  return swing > SWING_CLAMP * env ? SWING_CLAMP * env : swing;
}

/** Parabolic interpolation around an extremum; a plateau (clipping) resolves to its centre. */
function refine(y: Float32Array, n: number, p: number, end: number): number {
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

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

/**
 * Runs the detector over the turning points of a finer delta detector
 * (candidates.ts, hysteresis ≤ opts.floor) instead of over the samples: the
 * extrema of a delta detector with a larger hysteresis are a subsequence of
 * those of a smaller one, and between two turning points the signal stays
 * within them, so the result is the same at a fraction of the cost (one step
 * per candidate, not per sample). `pos`/`amp` alternate in sign.
 */
export function findPeaks(
  pos: Float64Array,
  amp: Float32Array,
  count: number,
  opts: PeakOptions,
  out: PeakBuffers,
): number {
  const cap = out.pos.length;
  let n = 0;
  let env = 0;
  let h = opts.floor;
  let mx = Number.NEGATIVE_INFINITY;
  let mn = Number.POSITIVE_INFINITY;
  let mxPos = 0;
  let mnPos = 0;
  let lookForMax = true;
  let lastValue = 0;
  let started = false;
  let level = 0;
  const sign = opts.sign;
  for (let i = 0; i < count; i++) {
    const v = amp[i]!;
    if (v > mx) {
      mx = v;
      mxPos = pos[i]!;
    }
    if (v < mn) {
      mn = v;
      mnPos = pos[i]!;
    }
    if (lookForMax) {
      if (v < mx - h && mx > sign * level) {
        if (n >= cap) return n;
        out.pos[n] = mxPos;
        out.swing[n] = started ? mx - lastValue : mx - mn;
        env = updateEnv(env, out.swing[n]!, started);
        n++;
        started = true;
        lastValue = mx;
        level = Math.max(mx, level * SWING_DECAY);
        h = Math.max(opts.floor, opts.ratio * env);
        lookForMax = false;
        mn = v;
        mnPos = pos[i]!;
      }
    } else if (v > mn + h && -mn > sign * level) {
      if (n >= cap) return n;
      out.pos[n] = mnPos;
      out.swing[n] = started ? lastValue - mn : mx - mn;
      env = updateEnv(env, out.swing[n]!, started);
      n++;
      started = true;
      lastValue = mn;
      level = Math.max(-mn, level * SWING_DECAY);
      h = Math.max(opts.floor, opts.ratio * env);
      lookForMax = true;
      mx = v;
      mxPos = pos[i]!;
    }
  }
  return n;
}

function updateEnv(env: number, swing: number, started: boolean): number {
  if (!started || env === 0) return swing;
  const decayed = env * SWING_DECAY;
  if (swing <= decayed) return decayed;
  return swing > SWING_CLAMP * env ? SWING_CLAMP * env : swing;
}

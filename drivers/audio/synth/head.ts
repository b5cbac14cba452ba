/**
 * The read head: F2F bits → flux-reversal positions on the stripe → time via
 * the speed profile → head voltage. Each reversal induces a pulse whose
 * spatial width is set by the head gap (PW50, inches) and whose voltage is
 * proportional to the stripe speed (Faraday: V = N·dΦ/dt = N·v·dΦ/dx), with
 * alternating polarity. Pulses are summed, so at high density neighbouring
 * pulses overlap (intersymbol interference) exactly as on a real head.
 */
import { AudioError, AudioErrorCodes } from "../errors.js";

/**
 * Swipe speed in inches per second: a constant, a ramp from `from` to `to`
 * along the stripe, or speeds at evenly spaced points along the stripe
 * (piecewise linear between them).
 */
export type SpeedProfile =
  | number
  | { readonly from: number; readonly to: number }
  | { readonly points: readonly number[] };

export type PulseShape = "lorentzian" | "gaussian";

export interface HeadOptions {
  /** Pulse width at half maximum on the stripe, inches. */
  readonly pw50: number;
  readonly shape: PulseShape;
}

/** Reference speed for unit pulse amplitude. */
const REFERENCE_IPS = 10;
/** Pulses are rendered out to this many PW50 either side (Lorentzian tails fall as 1/x²). */
const PULSE_SPAN = 8;

export function speedAt(profile: SpeedProfile, u: number): number {
  if (typeof profile === "number") return profile;
  if ("points" in profile) {
    const p = profile.points;
    if (p.length === 1) return p[0]!;
    const x = Math.min(Math.max(u, 0), 1) * (p.length - 1);
    const i = Math.min(Math.floor(x), p.length - 2);
    return p[i]! + (p[i + 1]! - p[i]!) * (x - i);
  }
  return profile.from + (profile.to - profile.from) * Math.min(Math.max(u, 0), 1);
}

export function checkProfile(profile: SpeedProfile): void {
  const speeds =
    typeof profile === "number" ? [profile] : "points" in profile ? profile.points : [profile.from, profile.to];
  if (speeds.length === 0 || speeds.some((v) => !(Number.isFinite(v) && v > 0 && v <= 200))) {
    throw new AudioError(AudioErrorCodes.argument, "speed: expected speeds in (0, 200] inches per second", {
      field: "speed",
    });
  }
}

/** Reversal positions (inches from the first recorded cell) for F2F bits at `bpi`. */
export function fluxReversals(bits: Uint8Array, bpi: number): Float64Array {
  let n = bits.length + 1;
  for (const b of bits) n += b;
  const out = new Float64Array(n);
  const cell = 1 / bpi;
  let k = 0;
  for (let i = 0; i < bits.length; i++) {
    out[k++] = i * cell;
    if (bits[i] === 1) out[k++] = (i + 0.5) * cell;
  }
  out[k++] = bits.length * cell;
  return out;
}

/** Times (seconds) at which the head passes each position, for a stripe of `length` inches. */
export function reversalTimes(positions: Float64Array, length: number, profile: SpeedProfile): Float64Array {
  const t = new Float64Array(positions.length);
  for (let i = 1; i < positions.length; i++) {
    const a = positions[i - 1]!;
    const b = positions[i]!;
    const v = speedAt(profile, (a + b) / 2 / length);
    t[i] = t[i - 1]! + (b - a) / v;
  }
  return t;
}

/** Adds the head voltage of reversals at `times` (offset by `t0` seconds) into `out`. */
export function renderPulses(
  out: Float32Array,
  sampleRate: number,
  times: Float64Array,
  positions: Float64Array,
  length: number,
  t0: number,
  profile: SpeedProfile,
  head: HeadOptions,
): void {
  let sign = 1;
  for (let k = 0; k < times.length; k++) {
    const v = speedAt(profile, positions[k]! / length);
    const width = (head.pw50 / v) * sampleRate; // samples at half maximum
    const amp = (sign * v) / REFERENCE_IPS;
    const centre = (t0 + times[k]!) * sampleRate;
    const span = Math.ceil(PULSE_SPAN * width) + 1;
    const lo = Math.max(0, Math.floor(centre - span));
    const hi = Math.min(out.length - 1, Math.ceil(centre + span));
    for (let i = lo; i <= hi; i++) {
      const x = (2 * (i - centre)) / width;
      out[i] = out[i]! + amp * (head.shape === "lorentzian" ? 1 / (1 + x * x) : Math.exp(-Math.LN2 * x * x));
    }
    sign = -sign;
  }
}

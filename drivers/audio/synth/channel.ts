/**
 * The phone's analogue front end and what it adds, applied in the order the
 * signal meets them: AC coupling (high-pass), automatic gain control, level,
 * mains hum with harmonics, DC offset, noise at a target SNR, clipping,
 * polarity. Every stage is optional and parameterised.
 */
import type { Prng } from "./prng.js";
import { fillNoise } from "./prng.js";

export interface Impairments {
  /** Microphone AC coupling: corner 20–500 Hz, first or second order. */
  readonly highPass?: { readonly hz: number; readonly order: 1 | 2 };
  /** Slow gain modulation: ±depthDb at rateHz (automatic gain control hunting). */
  readonly agc?: { readonly depthDb: number; readonly rateHz: number };
  /** Peak level of the swipe in dBFS before noise and hum (e.g. −30). */
  readonly levelDbfs?: number;
  /** Mains hum: fundamental 50/60 Hz, level relative to the swipe peak (dB), odd harmonics decaying 6 dB each. */
  readonly hum?: { readonly hz: number; readonly levelDb: number; readonly harmonics?: number };
  /** Constant offset in full-scale units. */
  readonly dcOffset?: number;
  /** Additive noise: SNR (dB) = swipe power over noise power, measured over the swipe's span. */
  readonly noise?: { readonly snrDb: number; readonly color?: "white" | "pink" };
  /** Clip at ±this fraction of full scale. */
  readonly clip?: number;
  /** Swap the polarity (head wired the other way round). */
  readonly invert?: boolean;
}

/** Applies `imp` to `x` in place; [spanStart, spanEnd) is where the swipe is, for SNR. */
export function applyChannel(
  x: Float32Array,
  sampleRate: number,
  imp: Impairments,
  rng: Prng,
  spanStart: number,
  spanEnd: number,
): void {
  if (imp.highPass !== undefined) {
    highPassInPlace(x, sampleRate, imp.highPass.hz);
    if (imp.highPass.order === 2) highPassInPlace(x, sampleRate, imp.highPass.hz);
  }
  if (imp.agc !== undefined) {
    const { depthDb, rateHz } = imp.agc;
    const phase = rng.range(0, 2 * Math.PI);
    for (let i = 0; i < x.length; i++) {
      x[i] = x[i]! * 10 ** ((depthDb * Math.sin((2 * Math.PI * rateHz * i) / sampleRate + phase)) / 20);
    }
  }
  let peak = 0;
  for (let i = 0; i < x.length; i++) peak = Math.max(peak, Math.abs(x[i]!));
  const level = 10 ** ((imp.levelDbfs ?? -6) / 20);
  const scale = peak > 0 ? level / peak : 1;
  let power = 0;
  for (let i = 0; i < x.length; i++) {
    x[i] = x[i]! * scale;
    if (i >= spanStart && i < spanEnd) power += x[i]! * x[i]!;
  }
  power /= Math.max(1, spanEnd - spanStart);
  if (imp.hum !== undefined) {
    const amp = level * 10 ** (imp.hum.levelDb / 20);
    const harmonics = imp.hum.harmonics ?? 0;
    const phase = rng.range(0, 2 * Math.PI);
    for (let i = 0; i < x.length; i++) {
      const w = (2 * Math.PI * imp.hum.hz * i) / sampleRate + phase;
      let h = Math.sin(w);
      for (let k = 1; k <= harmonics; k++) h += Math.sin((2 * k + 1) * w) / 2 ** k;
      x[i] = x[i]! + amp * h;
    }
  }
  if (imp.dcOffset !== undefined) for (let i = 0; i < x.length; i++) x[i] = x[i]! + imp.dcOffset;
  if (imp.noise !== undefined) {
    const noise = new Float32Array(x.length);
    fillNoise(rng, noise, imp.noise.color ?? "white");
    const rms = Math.sqrt(power / 10 ** (imp.noise.snrDb / 10));
    for (let i = 0; i < x.length; i++) x[i] = x[i]! + rms * noise[i]!;
  }
  const clip = Math.min(1, imp.clip ?? 1);
  const sign = imp.invert === true ? -1 : 1;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = sign * (v > clip ? clip : v < -clip ? -clip : v);
  }
}

/** One-pole RC high-pass (a coupling capacitor into the mic preamp's input resistance). */
function highPassInPlace(x: Float32Array, sampleRate: number, hz: number): void {
  const rc = 1 / (2 * Math.PI * hz);
  const a = rc / (rc + 1 / sampleRate);
  let prevX = 0;
  let prevY = 0;
  for (let i = 0; i < x.length; i++) {
    const y = a * (prevY + x[i]! - prevX);
    prevX = x[i]!;
    prevY = y;
    x[i] = y;
  }
}

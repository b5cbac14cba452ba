/**
 * The corpus's second, independent swipe model (see the issue: do not let the
 * decoder only agree with its own synthesizer). Differences from
 * drivers/audio/synth on purpose:
 *  - head response: a differentiated-tanh (sech²) or Gaussian transition, not Lorentzian;
 *  - reversal positions jittered (write-side bit-shift and media noise);
 *  - speed: a random smooth curve (ramp × slow wobbles), integrated finely;
 *  - rendered at OVERSAMPLE × the target rate and decimated through a
 *    windowed-sinc FIR, like an analogue signal into an ADC;
 *  - channel: bilinear one-pole or RBJ biquad high-pass, random-walk AGC,
 *    hum with random harmonic amplitudes, Voss–McCartney pink noise, soft or
 *    hard clipping.
 */
import type { Rng } from "./rng.js";

export interface AnalogSwipe {
  /** "0"/"1" bits as recorded. */
  readonly bits: string;
  readonly bpi: number;
  /** Speed curve control points (ips) evenly spaced along the stripe. */
  readonly speeds: readonly number[];
  readonly reverse: boolean;
  /** Pulse width at half maximum on the stripe, inches. */
  readonly pw50: number;
  readonly shape: "sech2" | "gaussian";
  /** Std. dev. of reversal position jitter as a fraction of a bit cell. */
  readonly jitter: number;
}

export interface AnalogChannel {
  readonly sampleRate: number;
  readonly highPass?: { readonly hz: number; readonly kind: "onepole" | "biquad" };
  readonly agcDb?: number;
  readonly levelDbfs: number;
  readonly humDb?: number;
  readonly humHz?: 50 | 60;
  readonly dc?: number;
  readonly snrDb?: number;
  readonly pink?: boolean;
  readonly clip?: { readonly at: number; readonly soft: boolean };
  readonly invert?: boolean;
  readonly leadS: number;
  readonly trailS: number;
}

const OVERSAMPLE = 4;

/** Smooth interpolation (cubic Hermite, Catmull–Rom) through evenly spaced points, u in [0, 1]. */
function curve(points: readonly number[], u: number): number {
  const n = points.length;
  if (n === 1) return points[0]!;
  const x = Math.min(Math.max(u, 0), 1) * (n - 1);
  const i = Math.min(Math.floor(x), n - 2);
  const t = x - i;
  const p0 = points[Math.max(i - 1, 0)]!;
  const p1 = points[i]!;
  const p2 = points[i + 1]!;
  const p3 = points[Math.min(i + 2, n - 1)]!;
  const v =
    0.5 *
    (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
  return Math.max(v, Math.min(p1, p2) * 0.8);
}

/** Renders the head output at the target rate; returns PCM plus the span [start, end) of the swipe. */
export function renderAnalog(
  s: AnalogSwipe,
  ch: AnalogChannel,
  rng: Rng,
): { pcm: Float32Array; start: number; end: number } {
  const cell = 1 / s.bpi;
  const length = s.bits.length * cell;
  // Reversal positions along the stripe, jittered.
  const pos: number[] = [];
  for (let i = 0; i <= s.bits.length; i++) {
    pos.push(i * cell + (i === 0 ? 0 : s.jitter * cell * rng.normal()));
    if (s.bits[i] === "1") pos.push((i + 0.5) * cell + s.jitter * cell * rng.normal());
  }
  pos.sort((a, b) => a - b);
  if (s.reverse) {
    pos.reverse();
    for (let i = 0; i < pos.length; i++) pos[i] = length - pos[i]!;
  }
  // Time of each reversal: integrate dt = dx / v(x) in fine steps.
  const times: number[] = [];
  const speedsAt: number[] = [];
  let t = 0;
  let x = 0;
  const dx = cell / 16;
  for (const p of pos) {
    while (x + dx < p) {
      t += dx / curve(s.speeds, (x + dx / 2) / length);
      x += dx;
    }
    t += (p - x) / curve(s.speeds, (x + p) / 2 / length);
    x = p;
    times.push(t);
    speedsAt.push(curve(s.speeds, p / length));
  }
  const hi = ch.sampleRate * OVERSAMPLE;
  const total = ch.leadS + t + ch.trailS;
  const n = Math.ceil(total * hi);
  const analog = new Float64Array(n);
  // sech² has PW50 = 1.7627·a; Gaussian PW50 = 2.3548·σ.
  for (let k = 0; k < times.length; k++) {
    const v = speedsAt[k]!;
    const w = (s.pw50 / v) * hi;
    const c = (ch.leadS + times[k]!) * hi;
    const amp = (k % 2 === 0 ? 1 : -1) * v;
    const span = Math.ceil(w * 5);
    for (let i = Math.max(0, Math.floor(c - span)); i <= Math.min(n - 1, Math.ceil(c + span)); i++) {
      const d = i - c;
      if (s.shape === "sech2") {
        const ch2 = Math.cosh(d / (w / 1.7627));
        analog[i] = analog[i]! + amp / (ch2 * ch2);
      } else {
        const sigma = w / 2.3548;
        analog[i] = analog[i]! + amp * Math.exp((-0.5 * d * d) / (sigma * sigma));
      }
    }
  }
  // Anti-alias and decimate: windowed sinc (Blackman), cutoff 0.45 × target rate.
  const taps = 16 * OVERSAMPLE + 1;
  const h = new Float64Array(taps);
  const fc = 0.45 / OVERSAMPLE;
  let hs = 0;
  for (let i = 0; i < taps; i++) {
    const m = i - (taps - 1) / 2;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const win = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1));
    h[i] = sinc * win;
    hs += h[i]!;
  }
  const outN = Math.floor(n / OVERSAMPLE);
  const y = new Float64Array(outN);
  const phase = rng.int(0, OVERSAMPLE - 1);
  for (let j = 0; j < outN; j++) {
    const c = j * OVERSAMPLE + phase;
    let acc = 0;
    for (let i = 0; i < taps; i++) {
      const idx = c + i - (taps - 1) / 2;
      if (idx >= 0 && idx < n) acc += h[i]! * analog[idx]!;
    }
    y[j] = acc / hs;
  }
  const start = Math.floor(ch.leadS * ch.sampleRate);
  const end = Math.min(outN, Math.ceil((ch.leadS + t) * ch.sampleRate));
  return { pcm: channel(y, ch, rng, start, end), start, end };
}

function channel(y: Float64Array, ch: AnalogChannel, rng: Rng, start: number, end: number): Float32Array {
  const sr = ch.sampleRate;
  if (ch.highPass !== undefined) {
    if (ch.highPass.kind === "onepole") {
      // Bilinear-transformed first-order high-pass.
      const k = Math.tan((Math.PI * ch.highPass.hz) / sr);
      const b0 = 1 / (1 + k);
      const a1 = (k - 1) / (k + 1);
      let px = 0;
      let py = 0;
      for (let i = 0; i < y.length; i++) {
        const out = b0 * (y[i]! - px) - a1 * py;
        px = y[i]!;
        py = out;
        y[i] = out;
      }
    } else {
      const w = (2 * Math.PI * ch.highPass.hz) / sr;
      const q = 0.5 + rng.float() * 0.4;
      const alpha = Math.sin(w) / (2 * q);
      const a0 = 1 + alpha;
      const b0 = (1 + Math.cos(w)) / 2 / a0;
      const b1 = -(1 + Math.cos(w)) / a0;
      const a1 = (-2 * Math.cos(w)) / a0;
      const a2 = (1 - alpha) / a0;
      let x1 = 0;
      let x2 = 0;
      let y1 = 0;
      let y2 = 0;
      for (let i = 0; i < y.length; i++) {
        const x0 = y[i]!;
        const o = b0 * x0 + b1 * x1 + b0 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x0;
        y2 = y1;
        y1 = o;
        y[i] = o;
      }
    }
  }
  if (ch.agcDb !== undefined) {
    // Random-walk gain in dB, low-passed (AGC attack/release of tens of ms), bounded to ±agcDb.
    let g = 0;
    let target = 0;
    const step = Math.round(sr * 0.02);
    for (let i = 0; i < y.length; i++) {
      if (i % step === 0) target = Math.max(-ch.agcDb, Math.min(ch.agcDb, target + rng.normal() * ch.agcDb * 0.3));
      g += (target - g) * (1 / (0.05 * sr));
      y[i] = y[i]! * 10 ** (g / 20);
    }
  }
  let peak = 0;
  for (const v of y) peak = Math.max(peak, Math.abs(v));
  const gain = 10 ** (ch.levelDbfs / 20) / (peak || 1);
  let power = 0;
  for (let i = 0; i < y.length; i++) {
    y[i] = y[i]! * gain;
    if (i >= start && i < end) power += y[i]! * y[i]!;
  }
  power /= Math.max(1, end - start);
  const level = 10 ** (ch.levelDbfs / 20);
  if (ch.humDb !== undefined) {
    const f = ch.humHz ?? 50;
    const amps = [1, rng.float() * 0.5, rng.float() * 0.3, rng.float() * 0.2];
    const phases = amps.map(() => rng.float() * 2 * Math.PI);
    const a = level * 10 ** (ch.humDb / 20);
    for (let i = 0; i < y.length; i++) {
      let hum = 0;
      for (let k = 0; k < amps.length; k++)
        hum += amps[k]! * Math.sin((2 * Math.PI * f * (k + 1) * i) / sr + phases[k]!);
      y[i] = y[i]! + a * hum;
    }
  }
  if (ch.snrDb !== undefined) {
    const noise = ch.pink === true ? vossPink(rng, y.length) : white(rng, y.length);
    const rms = Math.sqrt(power / 10 ** (ch.snrDb / 10));
    for (let i = 0; i < y.length; i++) y[i] = y[i]! + rms * noise[i]!;
  }
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let v = y[i]!;
    if (ch.clip !== undefined) {
      const c = ch.clip.at * level;
      v = ch.clip.soft ? c * Math.tanh(v / c) : Math.max(-c, Math.min(c, v));
    }
    // DC enters after the clipping stage (the preamp saturates around its own operating point;
    // the offset comes from the coupling/ADC after it). Clipping around 0 after a DC shift larger
    // than the clip level would flatten the whole swipe to a constant: no information left.
    if (ch.dc !== undefined) v += ch.dc;
    v = Math.max(-1, Math.min(1, v));
    out[i] = ch.invert === true ? -v : v;
  }
  return out;
}

function white(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal();
  return out;
}

/** Voss–McCartney pink noise (16 rows), normalised to unit RMS. */
function vossPink(rng: Rng, n: number): Float64Array {
  const rows = new Float64Array(16);
  for (let r = 0; r < rows.length; r++) rows[r] = rng.normal();
  let sum = rows.reduce((a, b) => a + b, 0);
  const out = new Float64Array(n);
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const k = i === 0 ? 0 : Math.min(31 - Math.clz32(i & -i), rows.length - 1);
    sum -= rows[k]!;
    rows[k] = rng.normal();
    sum += rows[k]!;
    out[i] = sum + rng.normal();
    sq += out[i]! * out[i]!;
  }
  const rms = Math.sqrt(sq / Math.max(1, n)) || 1;
  for (let i = 0; i < n; i++) out[i] = out[i]! / rms;
  return out;
}

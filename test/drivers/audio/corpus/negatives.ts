/**
 * Negative signals: nothing here may ever produce a card. Speech-like
 * formant-filtered pulse trains, clicks, taps, ringtone tones and chords, and
 * magnetic stripes that are not ISO payment tracks (random F2F bits, a 6-bit
 * hotel-key-like encoding with its own sentinels, ISO framing with a wrong LRC),
 * rendered through the same independent analogue model as the corpus.
 */
import { renderAnalog } from "./analog.js";
import { RATES } from "./corpus.js";
import { Rng } from "./rng.js";

export interface Negative {
  readonly id: string;
  readonly kind: string;
  readonly sampleRate: number;
  readonly pcm: Float32Array;
}

function speech(rng: Rng, sr: number): Float32Array {
  const n = Math.round(sr * rng.between(0.5, 1.5));
  const out = new Float32Array(n);
  const formants = [rng.between(300, 900), rng.between(900, 2400), rng.between(2400, 3400)].map((f) =>
    Math.min(f, sr * 0.45),
  );
  const state = formants.map(() => [0, 0]);
  let phase = 0;
  let f0 = rng.between(90, 250);
  for (let i = 0; i < n; i++) {
    f0 *= 1 + 0.0005 * rng.normal();
    phase += f0 / sr;
    const excitation = phase >= 1 ? 1 : 0;
    if (phase >= 1) phase -= 1;
    const env = Math.sin((Math.PI * i) / n) * (0.6 + 0.4 * Math.sin((2 * Math.PI * 4 * i) / sr));
    let acc = 0;
    formants.forEach((f, k) => {
      // Two-pole resonator at the formant, bandwidth ~80 Hz.
      const r = Math.exp((-Math.PI * 80) / sr);
      const a1 = 2 * r * Math.cos((2 * Math.PI * f) / sr);
      const s = state[k]!;
      const y = excitation + 0.02 * rng.normal() + a1 * s[0]! - r * r * s[1]!;
      s[1] = s[0]!;
      s[0] = y;
      acc += y / (k + 1);
    });
    out[i] = 0.02 * env * acc;
  }
  return normalise(out, rng.between(-30, -3));
}

function clicks(rng: Rng, sr: number): Float32Array {
  const out = new Float32Array(Math.round(sr * 1));
  const count = rng.int(1, 12);
  for (let c = 0; c < count; c++) {
    const at = rng.int(0, out.length - 200);
    const amp = rng.between(0.1, 1) * (rng.chance(0.5) ? 1 : -1);
    const decay = rng.between(2, 40);
    for (let i = 0; i < 200 && at + i < out.length; i++)
      out[at + i] = out[at + i]! + amp * Math.exp(-i / decay) * (i % 2 === 0 ? 1 : -0.7);
  }
  return clamp(out);
}

function taps(rng: Rng, sr: number): Float32Array {
  const out = new Float32Array(Math.round(sr * 1));
  const count = rng.int(1, 5);
  for (let c = 0; c < count; c++) {
    const at = rng.int(0, out.length - sr / 10);
    const f = rng.between(40, 200);
    const amp = rng.between(0.05, 0.9);
    for (let i = 0; i < sr / 10 && at + i < out.length; i++) {
      out[at + i] = out[at + i]! + amp * Math.sin((2 * Math.PI * f * i) / sr) * Math.exp((-i / sr) * 40);
    }
  }
  return clamp(out);
}

function ringtone(rng: Rng, sr: number): Float32Array {
  const out = new Float32Array(Math.round(sr * rng.between(0.5, 1.5)));
  const notes = rng.int(2, 8);
  const len = Math.floor(out.length / notes);
  for (let k = 0; k < notes; k++) {
    const chord = Array.from({ length: rng.int(1, 3) }, () => Math.min(rng.between(300, 3500), sr * 0.45));
    for (let i = 0; i < len; i++) {
      let v = 0;
      for (const f of chord)
        v +=
          Math.sin((2 * Math.PI * f * i) / sr) +
          (rng.chance(0.5) ? 0 : 0.3 * Math.sign(Math.sin((2 * Math.PI * f * i) / sr)));
      out[k * len + i] = (0.3 * v) / chord.length;
    }
  }
  return normalise(out, rng.between(-25, -3));
}

function stripe(rng: Rng, sr: number, bits: string, bpi: number): Float32Array {
  const vmax = Math.min(40, sr / (2 * bpi * 5));
  const speeds = [vmax / 2, vmax * 0.8, vmax];
  return renderAnalog(
    { bits, bpi, speeds, reverse: rng.chance(0.5), pw50: 0.001, shape: "sech2", jitter: 0.01 },
    { sampleRate: sr, levelDbfs: -10, snrDb: 30, leadS: 0.1, trailS: 0.15 },
    rng,
  ).pcm;
}

function randomBits(rng: Rng, n: number, zeros: number): string {
  let s = "0".repeat(zeros);
  for (let i = 0; i < n; i++) s += rng.chance(0.5) ? "1" : "0";
  return s + "0".repeat(zeros);
}

/** A hotel-key-like track: 6-bit characters with even parity, MSB first, its own sentinel, no LRC. */
function hotelKey(rng: Rng): string {
  let s = "0".repeat(30) + "110110";
  for (let c = 0; c < rng.int(10, 30); c++) {
    const v = rng.int(0, 31);
    let bits = "";
    for (let i = 4; i >= 0; i--) bits += (v >> i) & 1;
    const ones = [...bits].filter((b) => b === "1").length;
    s += bits + (ones % 2 === 0 ? "0" : "1");
  }
  return s + "0".repeat(30);
}

function normalise(x: Float32Array, dbfs: number): Float32Array {
  let peak = 0;
  for (const v of x) peak = Math.max(peak, Math.abs(v));
  const g = 10 ** (dbfs / 20) / (peak || 1);
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * g;
  return x;
}

function clamp(x: Float32Array): Float32Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.max(-1, Math.min(1, x[i]!));
  return x;
}

export function negatives(countPerKind: number, seed: number): Negative[] {
  const rng = new Rng(seed);
  const out: Negative[] = [];
  const kinds = {
    speech: (sr: number) => speech(rng, sr),
    clicks: (sr: number) => clicks(rng, sr),
    taps: (sr: number) => taps(rng, sr),
    ringtone: (sr: number) => ringtone(rng, sr),
    randomF2F: (sr: number) => stripe(rng, sr, randomBits(rng, rng.int(100, 500), 25), rng.chance(0.5) ? 210 : 75),
    hotelKey: (sr: number) => stripe(rng, sr, hotelKey(rng), 210),
  } as const;
  for (const [kind, make] of Object.entries(kinds)) {
    for (let i = 0; i < countPerKind; i++) {
      const sampleRate = RATES[i % RATES.length]!;
      out.push({ id: `${kind}-${i}`, kind, sampleRate, pcm: make(sampleRate) });
    }
  }
  return out;
}

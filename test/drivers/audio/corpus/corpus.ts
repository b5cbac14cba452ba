/**
 * Acceptance corpora, generated at test time from fixed seeds with the
 * independent model in analog.ts. Bands (the acceptance criteria):
 *  - nominal: within physical limits — SNR 20–40 dB, speed ramps ≤ 5×,
 *    ≥ 4 samples per half-cell at the fastest point, every channel impairment;
 *  - hard: SNR 14–20 dB, ramps 5–10×, heavy pulse overlap (wide head pulses),
 *    down to 3.2 samples per half-cell.
 * SNR is swipe power over noise power across the swipe's span.
 */
import { type AnalogChannel, renderAnalog } from "./analog.js";
import { isoBits, randomCard, T1, T2, type TrackSpec } from "./iso.js";
import { Rng } from "./rng.js";

export const RATES = [8000, 11025, 16000, 22050, 32000, 44100, 48000] as const;

export interface CorpusSwipe {
  readonly id: string;
  readonly sampleRate: number;
  readonly pcm: Float32Array;
  readonly track: 1 | 2;
  readonly data: string;
  readonly reverse: boolean;
  /** Sample index of the swipe's last reversal (for latency checks). */
  readonly end: number;
  readonly params: Readonly<Record<string, number | string | boolean>>;
}

export type Band = "nominal" | "hard";

const BANDS = {
  nominal: { snr: [20, 40], ratio: [1, 5], halfCell: [4, 14], pw50: [0.35, 0.7], jitter: [0, 0.025] },
  hard: { snr: [14, 20], ratio: [5, 10], halfCell: [3.2, 6], pw50: [0.6, 0.9], jitter: [0.01, 0.035] },
} as const;

/** Slowest and fastest plausible hand swipes, inches per second. */
const MIN_IPS = 1.5;
const MAX_IPS = 60;

function speedCurve(rng: Rng, vmax: number, ratio: number): number[] {
  // A ramp (up or down, or up then down), with random wobbles, rescaled so max/min = ratio.
  const n = 9;
  const kind = rng.pick(["up", "down", "hump"] as const);
  const raw: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = i / (n - 1);
    const base = kind === "up" ? u : kind === "down" ? 1 - u : 1 - Math.abs(2 * u - 1);
    raw.push(base + 0.15 * rng.normal());
  }
  const lo = Math.min(...raw);
  const hi = Math.max(...raw);
  const vmin = vmax / ratio;
  // Map to log-speed so the ratio is exact at the extremes.
  return raw.map((r) => vmin * ratio ** ((r - lo) / (hi - lo || 1)));
}

export function swipeCorpus(band: Band, count: number, seed: number): CorpusSwipe[] {
  const rng = new Rng(seed);
  const b = BANDS[band];
  const out: CorpusSwipe[] = [];
  while (out.length < count) {
    const sampleRate = RATES[out.length % RATES.length]!;
    const spec: TrackSpec = rng.chance(0.5) ? T1 : T2;
    const card = randomCard(rng);
    const data = spec.track === 1 ? card.track1 : card.track2;
    const halfCell = rng.between(b.halfCell[0], b.halfCell[1]);
    const ratio = rng.between(b.ratio[0], b.ratio[1]);
    const vmax = Math.min(MAX_IPS, sampleRate / (2 * spec.bpi * halfCell));
    if (vmax / ratio < MIN_IPS) continue; // outside what a hand can do at this rate and track
    const speeds = speedCurve(rng, vmax, ratio);
    // Head pulse width relative to a Track 1 half-cell: the same head reads every track.
    const pw50 = rng.between(b.pw50[0], b.pw50[1]) * (1 / 210 / 2);
    const zeros = Math.round(rng.between(0.15, 0.3) * spec.bpi);
    const bits = isoBits(spec, data, zeros, zeros);
    const reverse = rng.chance(0.5);
    const ch: AnalogChannel = {
      sampleRate,
      levelDbfs: rng.between(-30, -1),
      snrDb: rng.between(b.snr[0], b.snr[1]),
      pink: rng.chance(0.3),
      leadS: rng.between(0.05, 0.4),
      trailS: rng.between(0.12, 0.4),
      invert: rng.chance(0.5),
      ...(rng.chance(0.8) && {
        highPass: { hz: 20 * 25 ** rng.float(), kind: rng.pick(["onepole", "biquad"] as const) },
      }),
      ...(rng.chance(0.3) && { agcDb: rng.between(1, 6) }),
      ...(rng.chance(0.4) && { humDb: rng.between(-30, -8), humHz: rng.pick([50, 60] as const) }),
      ...(rng.chance(0.3) && { dc: rng.between(-0.2, 0.2) }),
      ...(rng.chance(0.15) && { clip: { at: rng.between(0.4, 0.85), soft: rng.chance(0.5) } }),
    };
    const shape = rng.chance(0.5) ? "sech2" : "gaussian";
    const jitter = rng.between(b.jitter[0], b.jitter[1]);
    const { pcm, end } = renderAnalog({ bits, bpi: spec.bpi, speeds, reverse, pw50, shape, jitter }, ch, rng);
    out.push({
      id: `${band}-${out.length}`,
      sampleRate,
      pcm,
      track: spec.track as 1 | 2,
      data,
      reverse,
      end,
      params: {
        sampleRate,
        track: spec.track,
        halfCell: round(halfCell),
        ratio: round(ratio),
        vmax: round(vmax),
        snrDb: round(ch.snrDb ?? 99),
        levelDbfs: round(ch.levelDbfs),
        pw50mil: round(pw50 * 1000),
        shape,
        jitter: round(jitter),
        hpHz: round(ch.highPass?.hz ?? 0),
        hp: ch.highPass?.kind ?? "none",
        clip: ch.clip !== undefined,
        clipAt: round(ch.clip?.at ?? 0),
        dc: round(ch.dc ?? 0),
        agcDb: round(ch.agcDb ?? 0),
        hum: ch.humDb !== undefined,
        reverse,
      },
    });
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

// Audio swipe decoder: decode speed as a multiple of real time over a corpus of
// synthesized swipes (one core), and peak RSS while decoding a one-hour stream
// synthesized lazily in blocks (a swipe every 4 s), sampled along the way.
import { SwipeDecoder } from "../drivers/audio/decoder/index.js";
import { synthesizeSwipe } from "../drivers/audio/synth/index.js";
import { round } from "./util.js";

const T1 = "%B4111111111111111^DOE/JOHN^25121010000000000?";
const T2 = ";4111111111111111=25121010000000000?";

function corpus(sampleRate: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < 24; i++) {
    out.push(
      synthesizeSwipe({
        sampleRate,
        track: i % 2 === 0 ? 1 : 2,
        data: i % 2 === 0 ? T1 : T2,
        speed: { from: 3 + (i % 5), to: 10 + (i % 7) * 2 },
        direction: i % 3 === 0 ? "reverse" : "forward",
        impairments: { noise: { snrDb: 22 + (i % 10) }, highPass: { hz: 60, order: 1 }, levelDbfs: -6 - (i % 20) },
        seed: i,
        leadingSilence: 0.3,
        trailingSilence: 0.3,
      }),
    );
  }
  return out;
}

function realTime(sampleRate: number) {
  const swipes = corpus(sampleRate);
  const block = 1024;
  let samples = 0;
  let decoded = 0;
  const d = new SwipeDecoder({ sampleRate });
  const start = performance.now();
  for (let rep = 0; rep < 5; rep++) {
    for (const s of swipes) {
      for (let i = 0; i < s.length; i += block) {
        for (const o of d.push(s.subarray(i, i + block))) if (o.kind === "swipe") decoded++;
      }
      samples += s.length;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    audioSeconds: round(samples / sampleRate, 1),
    swipes: swipes.length * 5,
    decoded,
    realTimeFactor: Math.round(samples / sampleRate / seconds),
  };
}

function hourStream(sampleRate: number) {
  const swipes = corpus(sampleRate).slice(0, 8);
  const d = new SwipeDecoder({ sampleRate });
  const block = new Float32Array(4096);
  const period = 4 * sampleRate;
  const total = 3600 * sampleRate;
  const rss: Record<string, number> = {};
  let seed = 12345;
  let pos = 0;
  let decoded = 0;
  let peak = 0;
  const start = performance.now();
  while (pos < total) {
    for (let i = 0; i < block.length; i++) {
      const t = pos + i;
      const k = Math.floor(t / period);
      const s = swipes[k % swipes.length]!;
      const at = t - k * period;
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      block[i] = (at < s.length ? s[at]! : 0) + (seed / 4294967296 - 0.5) * 2e-4;
    }
    for (const o of d.push(block)) if (o.kind === "swipe") decoded++;
    pos += block.length;
    if (pos % (600 * sampleRate) < block.length) {
      const r = process.memoryUsage().rss;
      peak = Math.max(peak, r);
      rss[`${Math.round(pos / sampleRate / 60)}min`] = round(r / 2 ** 20, 1);
    }
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    sampleRate,
    swipesExpected: Math.floor(total / period),
    decoded,
    wallSeconds: round((performance.now() - start) / 1000, 1),
    rssMbAt: rss,
    peakRssMb: round(peak / 2 ** 20, 1),
  };
}

export default async function bench() {
  return {
    realTime44k: realTime(44100),
    realTime16k: realTime(16000),
    hourStream44k: hourStream(44100),
  };
}

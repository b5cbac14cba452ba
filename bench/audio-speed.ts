// The speed half of bench/audio.bench.ts, run by PLAIN node on an esbuild bundle of this file
// (written to .tmp/ at bench time): what a user's built code runs, without the tsx loader's
// per-function name wrappers in the hot paths. Prints one JSON object.
//
// One decoder per case, built before the timed runs (construction allocates the decoder's fixed
// buffers once per stream; `constructMs` reports it) and `reset()` between runs, so each run is
// the decode of one stream of swipes.
import { SwipeDecoder } from "../drivers/audio/decoder/index.js";
import { benchSwipe } from "./audio-corpus.js";

/** Timed runs per case: the median of 15 is steadier on a shared VM than the median of 5 (runs scatter by ±25%). */
const RUNS = 15;
/** Untimed runs first: V8 needs a few passes over the decoder before its optimising tier settles. */
const WARMUP = 5;
const BLOCK = 1024;

function corpus(sampleRate: number, silence: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let i = 0; i < 24; i++) out.push(benchSwipe(i, sampleRate, { trailingSilence: 0.05 + silence }));
  if (silence > 0) {
    // Room noise at −70 dBFS in the silences (digital silence would flatter the gate).
    let seed = 99;
    for (const s of out) {
      for (let i = 0; i < s.length; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        s[i] = s[i]! + (seed / 4294967296 - 0.5) * 6e-4;
      }
    }
  }
  return out;
}

function realTime(sampleRate: number, silence: number) {
  const swipes = corpus(sampleRate, silence);
  const wall: number[] = [];
  const cpu: number[] = [];
  let decoded = 0;
  let samples = 0;
  const built = performance.now();
  const d = new SwipeDecoder({ sampleRate });
  const constructMs = performance.now() - built;
  for (let run = -WARMUP; run < RUNS; run++) {
    d.reset();
    samples = 0;
    decoded = 0;
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    for (const s of swipes) {
      for (let i = 0; i < s.length; i += BLOCK) {
        for (const o of d.push(s.subarray(i, i + BLOCK))) if (o.kind === "swipe") decoded++;
      }
      samples += s.length;
    }
    for (const o of d.flush()) if (o.kind === "swipe") decoded++;
    const seconds = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu0);
    if (run < 0) continue; // warm-up
    wall.push(samples / sampleRate / seconds);
    cpu.push(samples / sampleRate / ((used.user + used.system) / 1e6));
  }
  return {
    audioSeconds: Math.round((samples / sampleRate) * 10) / 10,
    swipes: swipes.length,
    decoded,
    constructMs: Math.round(constructMs * 10) / 10,
    ...factors(wall, cpu),
  };
}

/** Best wall-clock factor, best and median CPU-time factor (see the header). */
function factors(wall: number[], cpu: number[]) {
  const sorted = [...cpu].sort((a, b) => a - b);
  return {
    realTimeFactor: Math.round(Math.max(...wall)),
    cpuRealTimeFactor: Math.round(sorted[sorted.length - 1]!),
    cpuRealTimeFactorMedian: Math.round(sorted[sorted.length >> 1]!),
  };
}

/** Room noise only (−70 dBFS uniform, as in the silences of `corpus`): the per-sample gate loop. */
function roomNoise(sampleRate: number, seconds: number) {
  // One second of noise generated up front and fed again and again: only the decoder is timed.
  const second = new Float32Array(sampleRate);
  let seed = 7;
  for (let i = 0; i < second.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    second[i] = (seed / 4294967296 - 0.5) * 6e-4;
  }
  const d = new SwipeDecoder({ sampleRate });
  const wall: number[] = [];
  const cpu: number[] = [];
  let outcomes = 0;
  for (let run = -WARMUP; run < RUNS; run++) {
    d.reset();
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    for (let s = 0; s < seconds; s++) {
      for (let i = 0; i < second.length; i += BLOCK) outcomes += d.push(second.subarray(i, i + BLOCK)).length;
    }
    const wallS = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu0);
    if (run < 0) continue; // warm-up
    wall.push(seconds / wallS);
    cpu.push(seconds / ((used.user + used.system) / 1e6));
  }
  return { audioSeconds: seconds, outcomes, ...factors(wall, cpu) };
}

const out: Record<string, unknown> = {
  method: `${WARMUP} warm-up + ${RUNS} timed runs per case, one decoder per case (reset between runs); realTimeFactor = wall clock, best; cpuRealTimeFactor(Median) = process CPU time (user + system), best (median)`,
};
for (const sr of [44100, 8000, 16000, 48000]) {
  out[`swipeOnly${sr}`] = realTime(sr, 0);
  out[`withSilence${sr}`] = realTime(sr, 4);
}
out.roomNoise44100 = roomNoise(44100, 60);
process.stdout.write(JSON.stringify(out));

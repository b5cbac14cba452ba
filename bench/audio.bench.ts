// Audio swipe decoder (issue #3): decode speed as a multiple of real time, and
// peak RSS over a one-hour stream measured in a FRESH child process that only
// runs the decoder (so other benches' memory does not count).
//
// Corpus: 24 swipes from drivers/audio/synth (Tracks 1 and 2 alternating, speed
// ramps 3–16 ips, both directions, SNR 22–31 dB, 60 Hz first-order AC
// coupling, −6 to −25 dBFS), fed in 1024-sample blocks. Two framings:
//  - swipeOnly: each swipe with 50 ms of silence either side (the decoder's
//    worst case: nearly every sample belongs to a segment that is decoded);
//  - withSilence: each swipe followed by 4 s of low-level noise (a terminal
//    waiting between customers), which the activity gate skips cheaply.
// Timing on shared cores is noisy: each figure is the best of RUNS runs.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SwipeDecoder } from "../drivers/audio/decoder/index.js";
import { synthesizeSwipe } from "../drivers/audio/synth/index.js";
import { round } from "./util.js";

const T1 = "%B4111111111111111^DOE/JOHN^25121010000000000?";
const T2 = ";4111111111111111=25121010000000000?";
const RUNS = 3;
const BLOCK = 1024;

function corpus(sampleRate: number, silence: number): Float32Array[] {
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
        leadingSilence: 0.05,
        trailingSilence: 0.05 + silence,
      }),
    );
  }
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
  let best = 0;
  let decoded = 0;
  let samples = 0;
  for (let run = 0; run < RUNS; run++) {
    const d = new SwipeDecoder({ sampleRate });
    samples = 0;
    decoded = 0;
    const start = performance.now();
    for (const s of swipes) {
      for (let i = 0; i < s.length; i += BLOCK) {
        for (const o of d.push(s.subarray(i, i + BLOCK))) if (o.kind === "swipe") decoded++;
      }
      samples += s.length;
    }
    for (const o of d.flush()) if (o.kind === "swipe") decoded++;
    const seconds = (performance.now() - start) / 1000;
    best = Math.max(best, samples / sampleRate / seconds);
  }
  return {
    audioSeconds: round(samples / sampleRate, 1),
    swipes: swipes.length,
    decoded,
    realTimeFactor: Math.round(best),
  };
}

/** The child's work: one hour at 44.1 kHz, a swipe every 4 s, RSS sampled every 5 minutes. */
function hourStream(sampleRate: number) {
  const swipes = corpus(sampleRate, 0).slice(0, 8);
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
    if (pos % (300 * sampleRate) < block.length) {
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

function hourInChild(): unknown {
  const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, CARDWIRE_AUDIO_HOUR: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) return { error: `child exited ${r.status}: ${r.stderr.slice(0, 400)}` };
  return JSON.parse(r.stdout);
}

if (process.env.CARDWIRE_AUDIO_HOUR === "1") {
  process.stdout.write(JSON.stringify(hourStream(44100)));
}

export default async function bench() {
  const out: Record<string, unknown> = {};
  for (const sr of [44100, 8000, 16000, 48000]) {
    out[`swipeOnly${sr}`] = realTime(sr, 0);
    out[`withSilence${sr}`] = realTime(sr, 4);
  }
  out.hourStream44kFreshProcess = hourInChild();
  return out;
}

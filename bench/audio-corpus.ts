// The audio benches' swipes (bench/audio-speed.ts, the hour stream in bench/audio.bench.ts), also
// used by test/drivers/audio/decoder/stream.test.ts: one recipe, so the figures and the tests
// describe the same recordings.
import { synthesizeSwipe } from "../drivers/audio/synth/index.js";

/** Track 1 and Track 2 of the bench swipes (the Visa test PAN 4111…; made-up name and discretionary data). */
export const BENCH_TRACK1 = "%B4111111111111111^DOE/JOHN^25121010000000000?";
export const BENCH_TRACK2 = ";4111111111111111=25121010000000000?";

/**
 * Swipe `i`: Tracks 1 and 2 alternating, speed ramps 3–16 ips, every third one reversed, SNR
 * 22–31 dB, 60 Hz first-order AC coupling, −6 to −25 dBFS, seed `i`, 50 ms of silence before and
 * `trailingSilence` after.
 */
export function benchSwipe(
  i: number,
  sampleRate: number,
  options: { readonly trailingSilence?: number; readonly track2?: string } = {},
): Float32Array {
  return synthesizeSwipe({
    sampleRate,
    track: i % 2 === 0 ? 1 : 2,
    data: i % 2 === 0 ? BENCH_TRACK1 : (options.track2 ?? BENCH_TRACK2),
    speed: { from: 3 + (i % 5), to: 10 + (i % 7) * 2 },
    direction: i % 3 === 0 ? "reverse" : "forward",
    impairments: { noise: { snrDb: 22 + (i % 10) }, highPass: { hz: 60, order: 1 }, levelDbfs: -6 - (i % 20) },
    seed: i,
    leadingSilence: 0.05,
    trailingSilence: options.trailingSilence ?? 0.05,
  });
}

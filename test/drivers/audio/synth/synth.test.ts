import { describe, expect, it } from "vitest";
import { AudioError } from "../../../../drivers/audio/errors.js";
import { encodeTrack, synthesizeSwipe } from "../../../../drivers/audio/synth/index.js";

const T2 = ";4111111111111111=25121010000000000?";

function peak(x: Float32Array): number {
  let p = 0;
  for (const v of x) p = Math.max(p, Math.abs(v));
  return p;
}

describe("synthesizeSwipe", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const o = { sampleRate: 16000, track: 2, data: T2, speed: 10, impairments: { noise: { snrDb: 20 } } } as const;
    expect(synthesizeSwipe({ ...o, seed: 3 })).toEqual(synthesizeSwipe({ ...o, seed: 3 }));
    expect(synthesizeSwipe({ ...o, seed: 3 })).not.toEqual(synthesizeSwipe({ ...o, seed: 4 }));
  });

  it("stays in [-1, 1], honours the level and leading silence", () => {
    const x = synthesizeSwipe({
      sampleRate: 8000,
      track: 2,
      data: T2,
      speed: 10,
      impairments: { levelDbfs: -30 },
      leadingSilence: 0.5,
    });
    expect(peak(x)).toBeCloseTo(10 ** (-30 / 20), 4);
    expect(peak(x.subarray(0, 3000))).toBeLessThan(1e-3 * peak(x));
  });

  it("makes head output proportional to speed (before levelling) and pulses shorter when faster", () => {
    // With a fixed level the ratio between the fast and slow ends of a ramp shows the v-proportional amplitude.
    const x = synthesizeSwipe({
      sampleRate: 48000,
      track: 2,
      data: T2,
      speed: { from: 2, to: 20 },
      leadingSilence: 0,
      trailingSilence: 0,
    });
    const q = Math.floor(x.length / 10);
    expect(peak(x.subarray(x.length - q)) / peak(x.subarray(0, q))).toBeGreaterThan(4);
  });

  it("rejects bad arguments with typed errors", () => {
    expect(() => synthesizeSwipe({ sampleRate: 100, track: 2, data: T2, speed: 10 })).toThrow(AudioError);
    expect(() => synthesizeSwipe({ sampleRate: 8000, track: 2, data: "4111?", speed: 10 })).toThrow(AudioError);
    expect(() => synthesizeSwipe({ sampleRate: 8000, track: 2, data: T2, speed: -1 })).toThrow(AudioError);
    expect(() => encodeTrack(2, ";41A1?")).toThrow(AudioError);
  });
});

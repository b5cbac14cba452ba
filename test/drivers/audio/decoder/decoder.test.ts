import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCardwireError } from "../../../../src/errors/index.js";
import { decodePcm, type SwipeOutcome, SwipeDecoder } from "../../../../drivers/audio/decoder/index.js";
import { AudioError } from "../../../../drivers/audio/errors.js";
import { type Impairments, type SynthOptions, synthesizeSwipe } from "../../../../drivers/audio/synth/index.js";

const T1 = "%B4111111111111111^DOE/JOHN^25121010000000000?";
const T2 = ";4111111111111111=25121010000000000?";
const T3 = `;${"0123456789".repeat(6)}?`;

function swipes(out: SwipeOutcome[]) {
  return out.filter((o) => o.kind === "swipe");
}

function decodeOne(opts: Omit<SynthOptions, "seed"> & { seed?: number }) {
  const out = decodePcm(synthesizeSwipe(opts), opts.sampleRate);
  const s = swipes(out);
  expect(s, JSON.stringify(out)).toHaveLength(1);
  return s[0]!;
}

describe("SwipeDecoder on synthesized swipes", () => {
  it.each([8000, 11025, 16000, 22050, 32000, 44100, 48000])(
    "decodes Track 2 with a speed ramp at %i Hz",
    (sampleRate) => {
      const s = decodeOne({
        sampleRate,
        track: 2,
        data: T2,
        speed: { from: 4, to: 12 },
        impairments: { noise: { snrDb: 30 } },
      });
      expect(s.data).toBe(T2);
      expect(s.track).toBe(2);
      expect(s.card?.maskedPan).toBe("411111******1111");
      expect(s.speedIps).toBeGreaterThan(4);
      expect(s.speedIps).toBeLessThan(12);
    },
  );

  it.each([16000, 22050, 32000, 44100, 48000])("decodes Track 1 at %i Hz", (sampleRate) => {
    const s = decodeOne({
      sampleRate,
      track: 1,
      data: T1,
      speed: { from: 3, to: 9 },
      impairments: { noise: { snrDb: 30 } },
    });
    expect(s.data).toBe(T1);
    expect(s.card?.name).toBeDefined();
  });

  it("decodes a long 5-bit frame as Track 3 without a card", () => {
    const s = decodeOne({ sampleRate: 44100, track: 3, data: T3, speed: 10 });
    expect(s).toMatchObject({ track: 3, data: T3 });
    expect(s.card).toBeUndefined();
  });

  it("reads both directions and reports which", () => {
    for (const direction of ["forward", "reverse"] as const) {
      const s = decodeOne({ sampleRate: 44100, track: 1, data: T1, speed: { from: 20, to: 5 }, direction });
      expect(s).toMatchObject({ data: T1, direction });
    }
  });

  const impairments: Record<string, Impairments> = {
    "polarity inversion": { invert: true, noise: { snrDb: 30 } },
    "DC offset": { dcOffset: 0.3, levelDbfs: -10, noise: { snrDb: 30 } },
    "mains hum with harmonics": { hum: { hz: 60, levelDb: -20, harmonics: 3 }, noise: { snrDb: 30 } },
    "AC coupling (first order, 100 Hz)": { highPass: { hz: 100, order: 1 }, noise: { snrDb: 30 } },
    "AGC hunting": { agc: { depthDb: 6, rateHz: 3 }, noise: { snrDb: 30 } },
    clipping: { levelDbfs: -1, clip: 0.4, noise: { snrDb: 30 } },
    "−30 dBFS": { levelDbfs: -30, noise: { snrDb: 25, color: "pink" } },
  };
  it.each(Object.entries(impairments))("survives %s", (_, imp) => {
    const s = decodeOne({
      sampleRate: 44100,
      track: 2,
      data: T2,
      speed: { from: 5, to: 15 },
      impairments: imp,
      seed: 7,
    });
    expect(s.data).toBe(T2);
  });

  it("gives a typed too_fast failure when pulses are closer than the sample rate resolves", () => {
    // 0.6 samples per half-cell: no pulse train can be resolved.
    const out = decodePcm(synthesizeSwipe({ sampleRate: 16000, track: 1, data: T1, speed: 60 }), 16000);
    expect(swipes(out)).toHaveLength(0);
    expect(out.map((o) => (o.kind === "failure" ? o.reason : "swipe"))).toContain("too_fast");
  });

  it("never reports a card for a frame with a bad LRC", () => {
    const out = decodePcm(
      synthesizeSwipe({ sampleRate: 44100, track: 2, data: T2, speed: 10, bits: badLrcBits() }),
      44100,
    );
    expect(swipes(out)).toHaveLength(0);
  });
});

function badLrcBits(): Uint8Array {
  // Encode T2 and corrupt two LRC data bits (parity still odd): unrepairable.
  const zeros = 15;
  const body = 5 * T2.length;
  const b = synthesizeBits();
  b[zeros + body] = (b[zeros + body] ?? 0) ^ 1;
  b[zeros + body + 1] = (b[zeros + body + 1] ?? 0) ^ 1;
  return b;
}

function synthesizeBits(): Uint8Array {
  const { encodeTrack } = synthEncode;
  return encodeTrack(2, T2, { leadingZeros: 15, trailingZeros: 15 });
}
import * as synthEncode from "../../../../drivers/audio/synth/encode.js";

describe("streaming", () => {
  const sampleRate = 16000;
  const one = synthesizeSwipe({
    sampleRate,
    track: 2,
    data: T2,
    speed: { from: 6, to: 14 },
    impairments: { noise: { snrDb: 30 } },
    leadingSilence: 0.5,
    trailingSilence: 0.5,
  });

  it("decodes many swipes in one endless stream with fixed buffers, each within 100 ms of its end", () => {
    const d = new SwipeDecoder({ sampleRate });
    const internals = d as unknown as { ring: Float32Array; work: Float32Array };
    const ringBefore = internals.ring;
    const workBefore = internals.work;
    const block = 160; // 10 ms
    let fed = 0;
    const found: { swipe: SwipeOutcome; at: number }[] = [];
    for (let k = 0; k < 25; k++) {
      for (let i = 0; i < one.length; i += block) {
        const chunk = one.subarray(i, Math.min(one.length, i + block));
        fed += chunk.length;
        for (const o of d.push(chunk)) found.push({ swipe: o, at: fed });
      }
    }
    const ok = found.filter((f) => f.swipe.kind === "swipe" && f.swipe.data === T2);
    expect(ok).toHaveLength(25);
    for (const f of ok) expect(f.at - f.swipe.endSample).toBeLessThanOrEqual(0.1 * sampleRate);
    expect(internals.ring).toBe(ringBefore);
    expect(internals.work).toBe(workBefore);
    expect(internals.ring.length).toBe(ringBefore.length);
  });

  it("flush returns a swipe still in progress at the end of the stream", () => {
    const d = new SwipeDecoder({ sampleRate });
    const cut = one.subarray(0, one.length - Math.round(0.45 * sampleRate));
    const early = d.push(cut);
    const late = d.flush();
    expect(swipes([...early, ...late]).map((s) => s.data)).toEqual([T2]);
  });
});

describe("bad input", () => {
  it("rejects unsupported sample rates with audio.sample_rate", () => {
    for (const sampleRate of [0, 7999, 48001, Number.NaN, 96000]) {
      expect(() => new SwipeDecoder({ sampleRate })).toThrow(AudioError);
    }
  });

  it("random and mutated Float32 input (NaN, Infinity, huge) yields only outcomes (fuzz)", () => {
    const base = synthesizeSwipe({
      sampleRate: 8000,
      track: 2,
      data: T2,
      speed: 8,
      leadingSilence: 0.1,
      trailingSilence: 0.1,
    });
    const special = fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e30,
      -1e30,
      0,
      1,
      -1,
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.float(), special), { maxLength: 3000 }),
        fc.array(fc.tuple(fc.nat({ max: base.length - 1 }), special), { maxLength: 50 }),
        (noise, mutations) => {
          const m = base.slice();
          for (const [at, v] of mutations) m[at] = v;
          for (const input of [Float32Array.from(noise), m]) {
            try {
              const out = decodePcm(input, 8000);
              for (const o of out) expect(["swipe", "failure"]).toContain(o.kind);
            } catch (e) {
              expect(isCardwireError(e)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

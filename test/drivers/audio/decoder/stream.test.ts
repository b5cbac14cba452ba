/**
 * The streaming path of SwipeDecoder (segmentation, ring buffer, activity gate,
 * emission): a swipe decodes the same alone and inside a long stream, whatever
 * came before it and whatever block sizes the caller pushes.
 *
 * Two stream models:
 *  - "line": clean swipes added onto one stationary background noise (a real
 *    head and preamp: the noise is there all the time). "Alone" is the
 *    stream's own slice around the swipe, so both decodes see the same samples.
 *  - "clips": recordings that carry their own noise (synth impairments), laid
 *    end to end with gaps of much quieter audio or digital silence. "Alone" is
 *    decodePcm on the recording itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ActivityGate, GATE, GateEvent } from "../../../../drivers/audio/decoder/gate.js";
import { decodePcm, SwipeDecoder, type SwipeOutcome } from "../../../../drivers/audio/decoder/index.js";
import { fillNoise, prng, type SynthOptions, synthesizeSwipe } from "../../../../drivers/audio/synth/index.js";
import { isCardwireError } from "../../../../src/errors/index.js";
import { BENCH_TRACK1, benchSwipe } from "../../../../bench/audio-corpus.js";

const T1 = BENCH_TRACK1;
const T2 = ";5500000000000004=28021010000000000?";

/** The comparable part of an outcome, positions relative to `base`. */
function view(o: SwipeOutcome, base: number) {
  return o.kind === "swipe"
    ? {
        kind: o.kind,
        track: o.track,
        data: o.data,
        direction: o.direction,
        start: o.startSample - base,
        end: o.endSample - base,
      }
    : { kind: o.kind, reason: o.reason, start: o.startSample - base, end: o.endSample - base };
}

/**
 * Same outcome, positions within `tol` samples: a recording laid into a stream is decoded from a segment
 * whose quiet edges differ from the recording's own, which can move an interpolated pulse by a sample.
 */
function expectSame(
  got: ReturnType<typeof view>,
  want: ReturnType<typeof view> | undefined,
  tol: number,
  what: string,
) {
  expect(want, what).toBeDefined();
  const { start, end, ...rest } = got;
  const { start: ws, end: we, ...wrest } = want!;
  expect(rest, what).toEqual(wrest);
  expect(Math.abs(start - ws), `${what}: start ${start} vs ${ws}`).toBeLessThanOrEqual(tol);
  expect(Math.abs(end - we), `${what}: end ${end} vs ${we}`).toBeLessThanOrEqual(tol);
}

/** Feeds `pcm` in blocks of the given sizes (cycled), recording for each outcome the samples fed when it came back. */
function feed(d: SwipeDecoder, pcm: Float32Array, sizes: readonly number[]): { o: SwipeOutcome; at: number }[] {
  const got: { o: SwipeOutcome; at: number }[] = [];
  let k = 0;
  for (let i = 0; i < pcm.length; ) {
    const n = Math.min(pcm.length - i, sizes[k++ % sizes.length]!);
    for (const o of d.push(pcm.subarray(i, i + n))) got.push({ o, at: i + n });
    i += n;
  }
  for (const o of d.flush()) got.push({ o, at: pcm.length });
  return got;
}

function clean(sampleRate: number, i: number, extra: Partial<SynthOptions> = {}): Float32Array {
  return synthesizeSwipe({
    sampleRate,
    track: i % 2 === 0 ? 1 : 2,
    data: i % 2 === 0 ? T1 : T2,
    speed: { from: 4 + (i % 4) * 2, to: 10 + (i % 5) * 3 },
    direction: i % 3 === 0 ? "reverse" : "forward",
    impairments: { highPass: { hz: 60, order: 1 }, levelDbfs: -12 - (i % 4) * 4 },
    seed: 100 + i,
    leadingSilence: 0,
    trailingSilence: 0,
    ...extra,
  });
}

function noise(n: number, rms: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  fillNoise(prng(seed), out, "white");
  for (let i = 0; i < n; i++) out[i] = out[i]! * rms;
  return out;
}

/** A "line" stream: swipes at `at[i]` added onto stationary noise of `rms`. */
function lineStream(sampleRate: number, clips: Float32Array[], gapS: number, rms: number, seed: number) {
  const gap = Math.round(gapS * sampleRate);
  const at: number[] = [];
  let n = gap;
  for (const c of clips) {
    at.push(n);
    n += c.length + gap;
  }
  const pcm = noise(n, rms, seed);
  clips.forEach((c, k) => {
    for (let i = 0; i < c.length; i++) pcm[at[k]! + i] = pcm[at[k]! + i]! + c[i]!;
  });
  return { pcm, at };
}

function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("a swipe decodes the same alone and inside a stream", () => {
  const sampleRate = 16000;
  const clips = Array.from({ length: 8 }, (_, i) => clean(sampleRate, i));
  const rms = 2e-4;

  for (const gapS of [0.3, 0.45, 1.2]) {
    it(`line stream, ${gapS} s gaps, blocks of 1, 128, 4096, 333 and mixed sizes`, () => {
      const { pcm, at } = lineStream(sampleRate, clips, gapS, rms, 7);
      const margin = Math.round(0.3 * sampleRate);
      const alone = at.map((a, k) => {
        const from = a - Math.min(margin, Math.round((gapS / 2) * sampleRate));
        const slice = pcm.subarray(from, a + clips[k]!.length + Math.round((gapS / 2) * sampleRate));
        return decodePcm(slice, sampleRate).map((o) => view(o, a - from));
      });
      // Every swipe decodes on its own: otherwise the comparison below would prove little.
      for (const [k, a] of alone.entries()) {
        expect(
          a.map((o) => o.kind),
          `swipe ${k} alone`,
        ).toEqual(["swipe"]);
        expect(a[0]).toMatchObject({ data: k % 2 === 0 ? T1 : T2 });
      }
      for (const sizes of [[1], [128], [4096], [333], [1, 7, 4096, 160, 33, 1000]]) {
        if (sizes[0] === 1 && gapS !== 0.3) continue; // one-sample pushes: once is enough (slow)
        const got = feed(new SwipeDecoder({ sampleRate }), pcm, sizes).map(({ o }) => o);
        const inStream = at.map((a) => got.filter((o) => o.startSample >= a - margin && o.startSample < a + margin));
        expect(got).toHaveLength(clips.length);
        for (const [k, a] of at.entries()) {
          expect(
            inStream[k]!.map((o) => view(o, a)),
            `swipe ${k}, blocks ${sizes.join(",")}`,
          ).toEqual(alone[k]);
        }
      }
    }, 60_000);
  }

  it("clip stream: recordings with their own noise, quieter line or digital silence between them", () => {
    const own = Array.from({ length: 8 }, (_, i) =>
      clean(sampleRate, i, {
        impairments: { highPass: { hz: 60, order: 1 }, levelDbfs: -6 - i * 2, noise: { snrDb: 22 + (i % 4) * 3 } },
        leadingSilence: 0.05,
        trailingSilence: 0.05,
      }),
    );
    const alone = own.map((c) => decodePcm(c, sampleRate).map((o) => view(o, 0)));
    for (const a of alone) expect(a.map((o) => o.kind)).toEqual(["swipe"]);
    for (const gapRms of [0, 1e-4]) {
      for (const gapS of [0.3, 0.7]) {
        const parts: Float32Array[] = [];
        const at: number[] = [];
        let n = 0;
        own.forEach((c, k) => {
          const g = noise(Math.round(gapS * sampleRate), gapRms, 50 + k);
          parts.push(g, c);
          at.push(n + g.length);
          n += g.length + c.length;
        });
        const pcm = concat(parts);
        for (const sizes of [[128], [4096], [777]]) {
          const got = feed(new SwipeDecoder({ sampleRate }), pcm, sizes).map(({ o }) => o);
          expect(got, `gap ${gapS} s at rms ${gapRms}, blocks ${sizes[0]}`).toHaveLength(own.length);
          got.forEach((o, k) => {
            expectSame(
              view(o, at[k]!),
              alone[k]![0],
              2,
              `swipe ${k}, gap ${gapS} s at rms ${gapRms}, blocks ${sizes[0]}`,
            );
          });
        }
      }
    }
  }, 60_000);

  it("44.1 kHz clip stream: loud recordings with their own noise, 0.3–0.5 s of a quiet line between them", () => {
    const sr = 44100;
    // Recordings whose own noise is 40–60 dB above the line between them: the quiet line must stay out of
    // the segment, or the segment decoder's noise estimate (a low percentile) collapses (too_fast, parity).
    const own = Array.from({ length: 12 }, (_, i) => benchSwipe(i, sr, { track2: T2 }));
    const alone = own.map((c) => decodePcm(c, sr).map((o) => view(o, 0)));
    for (const a of alone) expect(a.map((o) => o.kind)).toEqual(["swipe"]);
    const parts: Float32Array[] = [];
    const at: number[] = [];
    let n = 0;
    own.forEach((c, k) => {
      const g = noise(Math.round((0.3 + (k % 3) * 0.1) * sr), 6e-5, 70 + k);
      parts.push(g, c);
      at.push(n + g.length);
      n += g.length + c.length;
    });
    const got = feed(new SwipeDecoder({ sampleRate: sr }), concat(parts), [1024]).map(({ o }) => o);
    expect(got).toHaveLength(own.length);
    got.forEach((o, k) => {
      expectSame(view(o, at[k]!), alone[k]![0], 2, `swipe ${k}`);
    });
  }, 60_000);

  it("44.1 kHz line stream with 0.3 s gaps, pushed in 4096-sample blocks", () => {
    const sr = 44100;
    const cs = Array.from({ length: 4 }, (_, i) => clean(sr, i + 3));
    const { pcm, at } = lineStream(sr, cs, 0.3, rms, 9);
    const got = feed(new SwipeDecoder({ sampleRate: sr }), pcm, [4096]).map(({ o }) => o);
    expect(got.map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual(
      cs.map((_, i) => ((i + 3) % 2 === 0 ? T1 : T2)),
    );
    got.forEach((o, k) => {
      const a = at[k]!;
      const slice = pcm.subarray(a - Math.round(0.15 * sr), a + cs[k]!.length + Math.round(0.15 * sr));
      expect(view(o, a)).toEqual(view(decodePcm(slice, sr)[0]!, Math.round(0.15 * sr)));
    });
  }, 60_000);

  it("the outcome does not depend on how the stream is cut into blocks (property)", () => {
    const { pcm } = lineStream(sampleRate, clips.slice(0, 3), 0.35, rms, 11);
    const reference = feed(new SwipeDecoder({ sampleRate }), pcm, [pcm.length]).map(({ o }) => view(o, 0));
    expect(reference.filter((o) => o.kind === "swipe")).toHaveLength(3);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 6000 }), { minLength: 1, maxLength: 12 }), (sizes) => {
        const got = feed(new SwipeDecoder({ sampleRate }), pcm, sizes).map(({ o }) => view(o, 0));
        expect(got).toEqual(reference);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});

describe("hundreds of swipes in one stream", () => {
  it("decodes every one of 300 swipes, each within 100 ms of its end, with no buffer growth", () => {
    const sampleRate = 16000;
    const kinds = Array.from({ length: 6 }, (_, i) => clean(sampleRate, i));
    for (const [i, c] of kinds.entries()) {
      const alone = decodePcm(lineStream(sampleRate, [c], 0.3, 2e-4, 60 + i).pcm, sampleRate);
      expect(alone.map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([i % 2 === 0 ? T1 : T2]);
    }
    const d = new SwipeDecoder({ sampleRate });
    const before = footprint(d);
    const rng = prng(3);
    const block = new Float32Array(500);
    const expected: string[] = [];
    const latencies: number[] = [];
    const ends: number[] = [];
    const got: string[] = [];
    // Swipe k sits at `starts[k]`; the stream is generated block by block (never held whole).
    let next = Math.round(0.5 * sampleRate);
    let k = 0;
    let current: Float32Array | null = null;
    let currentAt = 0;
    let fed = 0;
    const total = 300;
    while (k < total || current !== null) {
      fillNoise(rng, block, "white");
      for (let i = 0; i < block.length; i++) {
        const t = fed + i;
        let x = block[i]! * 2e-4;
        if (current === null && k < total && t === next) {
          current = kinds[k % kinds.length]!;
          currentAt = t;
          expected.push(k % 2 === 0 ? T1 : T2);
          k++;
        }
        if (current !== null) {
          x += current[t - currentAt]!;
          if (t - currentAt === current.length - 1) {
            ends.push(t + 1);
            // Gaps from 0.3 s to 1.3 s, varied so no two neighbours line up the same way with the blocks.
            next = t + 1 + Math.round((0.3 + ((k * 7919) % 1000) / 1000) * sampleRate);
            current = null;
          }
        }
        block[i] = x;
      }
      fed += block.length;
      for (const o of d.push(block)) {
        got.push(o.kind === "swipe" ? o.data : o.reason);
        latencies.push(fed - ends[got.length - 1]!);
      }
    }
    for (let i = 0; i < Math.round(0.2 * sampleRate); i += block.length) {
      fillNoise(rng, block, "white");
      for (let j = 0; j < block.length; j++) block[j] = block[j]! * 2e-4;
      fed += block.length;
      for (const o of d.push(block)) {
        got.push(o.kind === "swipe" ? o.data : o.reason);
        latencies.push(fed - ends[got.length - 1]!);
      }
    }
    expect(got).toEqual(expected);
    expect(got).toHaveLength(total);
    // Latency from the swipe's last pulse to the push that returned it, less the caller's block.
    expect(Math.max(...latencies) - block.length).toBeLessThanOrEqual(0.1 * sampleRate);
    expect(footprint(d)).toEqual(before);
  }, 60_000);
});

/**
 * Every typed array and array reachable from the decoder: identity and size.
 * A buffer that grew or was replaced changes this.
 */
function footprint(root: object): string[] {
  const seen = new Set<object>();
  const out: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v !== "object" || v === null || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      out.push(`${path}:${v.constructor.name}:${v.byteLength}`);
      return;
    }
    if (Array.isArray(v)) out.push(`${path}:Array:${v.length}`);
    for (const [key, child] of Object.entries(v)) walk(child, `${path}.${key}`);
  };
  walk(root, "decoder");
  expect(out.length).toBeGreaterThan(5);
  return out.sort();
}

describe("emission latency, measured in samples", () => {
  it("each swipe comes back ≤ 100 ms after its frame ends when pushed one sample at a time", () => {
    const sampleRate = 16000;
    const cs = [clean(sampleRate, 0), clean(sampleRate, 1), clean(sampleRate, 2, { speed: { from: 2, to: 4 } })];
    const { pcm, at: starts } = lineStream(sampleRate, cs, 0.4, 2e-4, 5);
    const got = feed(new SwipeDecoder({ sampleRate }), pcm, [1]);
    expect(got.filter(({ o }) => o.kind === "swipe")).toHaveLength(3);
    got.forEach(({ o, at }, k) => {
      // The clip ends with its last flux pulse (no trailing silence): latency counts from there.
      const lastPulse = starts[k]! + cs[k]!.length;
      expect(o.endSample).toBeLessThanOrEqual(lastPulse);
      expect(at - lastPulse, `swipe ${k}`).toBeGreaterThan(0);
      expect(at - lastPulse, `swipe ${k}`).toBeLessThanOrEqual(0.1 * sampleRate);
    });
  }, 60_000);
});

describe("reset and flush", () => {
  const sampleRate = 16000;
  const one = clean(sampleRate, 1);
  const { pcm } = lineStream(sampleRate, [one], 0.4, 2e-4, 21);

  it("reset() in the middle of a swipe drops it; the clock restarts at 0 and the next swipe decodes as if alone", () => {
    const d = new SwipeDecoder({ sampleRate });
    const half = Math.round(0.4 * sampleRate + one.length / 2);
    expect(d.push(pcm.subarray(0, half))).toEqual([]);
    d.reset();
    const after = [...d.push(pcm), ...d.flush()].map((o) => view(o, 0));
    expect(after).toEqual(decodePcm(pcm, sampleRate).map((o) => view(o, 0)));
    expect(after.map((o) => o.kind)).toEqual(["swipe"]);
  });

  it("reset() in silence forgets the noise floor and the clock", () => {
    const d = new SwipeDecoder({ sampleRate });
    d.push(noise(sampleRate, 0.05, 4)); // a loud room
    d.reset();
    const after = [...d.push(pcm), ...d.flush()].map((o) => view(o, 0));
    expect(after).toEqual(decodePcm(pcm, sampleRate).map((o) => view(o, 0)));
  });

  it("flush() returns a swipe whose hangover has not elapsed, once; the decoder then goes on", () => {
    const d = new SwipeDecoder({ sampleRate });
    const end = Math.round(0.4 * sampleRate) + one.length + 80; // 5 ms after the last pulse
    expect(d.push(pcm.subarray(0, end))).toEqual([]);
    const flushed = d.flush();
    expect(flushed.map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([T2]);
    expect(d.flush()).toEqual([]);
    // Later pushes continue the same clock.
    const more = [...d.push(pcm), ...d.flush()];
    expect(more.map((o) => view(o, end))).toEqual(decodePcm(pcm, sampleRate).map((o) => view(o, 0)));
  });

  it("flush() on an idle decoder or on silence returns nothing", () => {
    const d = new SwipeDecoder({ sampleRate });
    expect(d.flush()).toEqual([]);
    d.push(noise(sampleRate, 2e-4, 1));
    expect(d.flush()).toEqual([]);
  });
});

describe("segmentation robustness", () => {
  const sampleRate = 16000;

  it("a slow, quiet start (speed ramping up from 1 ips, amplitude ∝ speed) keeps its leading zeros after other swipes", () => {
    const slow = [0, 2, 4].map((i) =>
      clean(sampleRate, i, { speed: { points: [1, 3, 12, 20] }, impairments: { levelDbfs: -30 }, seed: 300 + i }),
    );
    const { pcm, at } = lineStream(sampleRate, [clean(sampleRate, 1), ...slow], 0.35, 3e-4, 13);
    const got = feed(new SwipeDecoder({ sampleRate }), pcm, [256]).map(({ o }) => o);
    expect(got.map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([T2, T1, T1, T1]);
    for (const k of [1, 2, 3]) {
      const a = at[k]!;
      const from = a - Math.round(0.175 * sampleRate);
      const alone = decodePcm(pcm.subarray(from, a + slow[k - 1]!.length + 2800), sampleRate);
      expect(view(got[k]!, a)).toEqual(view(alone[0]!, a - from));
    }
  });

  it("a slow, quiet end (speed ramping down to 2 ips, amplitude ∝ speed) keeps its trailing zeros, within 100 ms", () => {
    // At −40 dBFS the last pulses sit under the sustain level: the segment must follow the weak blocks.
    const slow = [0, 1, 2, 3].map((i) =>
      clean(sampleRate, i, { speed: { points: [20, 10, 2] }, impairments: { levelDbfs: -40 }, seed: 400 + i }),
    );
    const { pcm, at } = lineStream(sampleRate, slow, 0.35, 3e-4, 19);
    const got = feed(new SwipeDecoder({ sampleRate }), pcm, [1]);
    expect(got.map(({ o }) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([T1, T2, T1, T2]);
    got.forEach(({ at: fed }, k) => {
      // The clip ends with its last (slowest, quietest) flux pulse; a frame whose last trailing zeros are
      // lost in the noise may come back before it.
      const lastPulse = at[k]! + slow[k]!.length;
      expect(fed - lastPulse, `swipe ${k}`).toBeLessThanOrEqual(0.1 * sampleRate);
    });
  }, 60_000);

  it("a start-up step (DC in the first samples) does not hide a swipe that follows at once", () => {
    // The first block's high-passed step is far above the room noise: the floor must not be left up there.
    for (const [i, sr] of [
      [0, 44100],
      [1, 16000],
    ] as const) {
      const c = clean(sr, i, { impairments: { levelDbfs: -36 } });
      const { pcm } = lineStream(sr, [c], 0.07, 3e-4, 23 + i);
      for (let j = 0; j < pcm.length; j++) pcm[j] = pcm[j]! + 0.15;
      const got = decodePcm(pcm, sr);
      expect(
        got.map((o) => (o.kind === "swipe" ? o.data : o.reason)),
        `${sr} Hz`,
      ).toEqual([i % 2 === 0 ? T1 : T2]);
    }
  });

  it("a mid-swipe slowdown does not split one swipe into two", () => {
    let decoded = 0;
    for (const [i, points] of [
      [0, [15, 15, 3, 15, 15]],
      [1, [20, 2.5, 20]],
      [3, [12, 12, 2, 2, 12]],
    ] as const) {
      const c = clean(sampleRate, i, { speed: { points: [...points] }, impairments: { levelDbfs: -20 } });
      const { pcm, at } = lineStream(sampleRate, [clean(sampleRate, 2), c], 0.4, 2e-4, 17 + i);
      const got = feed(new SwipeDecoder({ sampleRate }), pcm, [512]).map(({ o }) => o);
      // One outcome per swipe, and the slowed one is what it is alone (whether or not framing succeeds).
      expect(got, `points ${points.join(",")}`).toHaveLength(2);
      const from = at[1]! - Math.round(0.2 * sampleRate);
      const alone = decodePcm(pcm.subarray(from), sampleRate);
      expect(alone).toHaveLength(1);
      expect(got[1]!.kind).toBe(alone[0]!.kind);
      if (got[1]!.kind === "swipe") {
        expect(view(got[1]!, at[1]!)).toEqual(view(alone[0]!, at[1]! - from));
        decoded++;
      }
    }
    expect(decoded).toBeGreaterThanOrEqual(2);
  });

  it("a minute of hum and room noise does not raise the gate over a following weak swipe", () => {
    // −30 dBFS: the hum that leaks through the gate's 300 Hz high-pass sets the floor here, not the white noise.
    const weak = clean(sampleRate, 1, { impairments: { levelDbfs: -30 } });
    const hum = (n: number, offset: number) => {
      const out = noise(n, 3e-4, 31 + offset);
      for (let i = 0; i < n; i++) {
        const t = (i + offset) / sampleRate;
        out[i] =
          out[i]! +
          0.05 * Math.sin(2 * Math.PI * 50 * t) +
          0.01 * Math.sin(2 * Math.PI * 150 * t + 1) +
          0.002 * Math.sin(2 * Math.PI * 250 * t);
      }
      return out;
    };
    const decodeAfter = (seconds: number) => {
      const d = new SwipeDecoder({ sampleRate });
      const out: SwipeOutcome[] = [];
      const block = Math.round(0.5 * sampleRate);
      let t = 0;
      for (; t < seconds * sampleRate; t += block) out.push(...d.push(hum(block, t)));
      const tail = hum(weak.length + sampleRate, t);
      for (let i = 0; i < weak.length; i++) tail[i + 4000] = tail[i + 4000]! + weak[i]!;
      out.push(...d.push(tail), ...d.flush());
      return out.map((o) => view(o, t + 4000));
    };
    const short = decodeAfter(1);
    expect(short.map((o) => o.kind)).toEqual(["swipe"]);
    expect(decodeAfter(60)).toEqual(short);
  }, 60_000);

  it("a step up in the noise itself does not lock the gate: a swipe 5 s later decodes", () => {
    const d = new SwipeDecoder({ sampleRate });
    const out: SwipeOutcome[] = [];
    out.push(...d.push(noise(2 * sampleRate, 1e-5, 41))); // a very quiet line…
    out.push(...d.push(noise(5 * sampleRate, 3e-3, 42))); // …then a loud room (+50 dB) that stays
    const c = clean(sampleRate, 0, { impairments: { levelDbfs: -6 } });
    const { pcm } = lineStream(sampleRate, [c], 0.4, 3e-3, 43);
    out.push(...d.push(pcm), ...d.flush());
    expect(out.filter((o) => o.kind === "swipe").map((o) => o.kind === "swipe" && o.data)).toEqual([T1]);
  }, 60_000);

  it("digital silence, DC and NaN give no outcome; a swipe after them decodes; a clipped swipe decodes", () => {
    const d = new SwipeDecoder({ sampleRate });
    const silence = new Float32Array(3 * sampleRate);
    const dc = new Float32Array(3 * sampleRate).fill(0.4);
    const junk = new Float32Array(sampleRate).map((_, i) =>
      i % 3 === 0 ? Number.NaN : i % 3 === 1 ? 0.4 : Number.POSITIVE_INFINITY,
    );
    expect([...d.push(silence), ...d.push(dc), ...d.push(junk), ...d.push(silence)]).toEqual([]);
    const c = clean(sampleRate, 1);
    const { pcm } = lineStream(sampleRate, [c], 0.4, 2e-4, 51);
    expect([...d.push(pcm), ...d.flush()].map((o) => view(o, 10 * sampleRate))).toEqual(
      decodePcm(pcm, sampleRate).map((o) => view(o, 0)),
    );
    const clipped = clean(sampleRate, 0, { impairments: { levelDbfs: 0, clip: 0.3, dcOffset: 0.2 } });
    const onDc = lineStream(sampleRate, [clipped], 0.4, 2e-4, 52).pcm.map((x) => x + 0.1);
    expect(decodePcm(onDc, sampleRate).map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([T1]);
  });

  it("arbitrary input in arbitrary blocks only ever yields outcomes or CardwireErrors", () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ noDefaultInfinity: false, noNaN: false }), { maxLength: 3000 }),
        fc.integer({ min: 1, max: 700 }),
        (xs, size) => {
          const d = new SwipeDecoder({ sampleRate: 8000 });
          const pcm = Float32Array.from(xs);
          try {
            const got = feed(d, pcm, [size]);
            for (const { o } of got) expect(["swipe", "failure"]).toContain(o.kind);
          } catch (e) {
            expect(isCardwireError(e)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("activity gate, block by block", () => {
  const sampleRate = 8000;
  /** Events of `blocks` ([peak, rms, hf] in floor units of 1e-3) after a second of quiet. */
  function run(blocks: readonly (readonly [number, number, number])[]) {
    const g = new ActivityGate(sampleRate, 4);
    let end = 0;
    const events: { k: number; e: GateEvent }[] = [];
    const quiet = [3e-3, 1e-3, 2] as const;
    for (const [k, [p, r, hf]] of [...Array(100).fill(quiet), ...blocks, ...Array(20).fill(quiet)].entries()) {
      end += g.blockLen;
      const e = g.block(p, r, hf, end);
      if (e !== GateEvent.none) events.push({ k: k - 100, e });
    }
    return { events, blockS: g.blockLen / sampleRate };
  }

  it("dense narrow pulses (first-difference ratio 1.45, as at 8 kHz) keep a swipe open; loud white noise is a step", () => {
    const pulses = Array(40).fill([60e-3, 20e-3, 1.45] as const);
    const { events } = run(pulses);
    expect(events.map(({ e }) => e)).toEqual([GateEvent.start, GateEvent.end]);
    expect(events[1]!.k).toBeGreaterThanOrEqual(40);
    const white = Array(40).fill([60e-3, 20e-3, 2] as const);
    const step = run(white);
    expect(step.events.map(({ e }) => e)).toEqual([GateEvent.start, GateEvent.end]);
    // A noise step ends after a hangover of it, long before the loud stretch does.
    expect(step.events[1]!.k * step.blockS).toBeLessThanOrEqual(GATE.hangoverS.value + 0.01);
  });

  it("weak blocks after the last loud one hold the end open until a weak gap of quiet", () => {
    // Loud start, then a fading tail under the sustain level but over the walk-back levels.
    const loud = Array(10).fill([60e-3, 20e-3, 1] as const);
    const tail = Array(12).fill([4.8e-3, 1.7e-3, 1] as const);
    const { events, blockS } = run([...loud, ...tail]);
    expect(events.map(({ e }) => e)).toEqual([GateEvent.start, GateEvent.end]);
    const closedAt = (events[1]!.k + 1) * blockS;
    expect(closedAt).toBeGreaterThan((loud.length + tail.length) * blockS);
    expect(closedAt).toBeLessThanOrEqual((loud.length + tail.length) * blockS + GATE.weakGapS.value + 0.01);
  });
});

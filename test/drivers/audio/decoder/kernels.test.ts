/**
 * The WebAssembly kernels (drivers/audio/decoder/wasm) against their
 * JavaScript twins: kernel by kernel on random inputs (every output element
 * identical, ±0 told apart), then whole decoders with the kernels forced to
 * JavaScript and left to WebAssembly over the acceptance corpus and random
 * streams (every field of every outcome identical), and the fallback when
 * WebAssembly is missing or refuses to compile.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { findCandidates } from "../../../../drivers/audio/decoder/candidates.js";
import { detectRun } from "../../../../drivers/audio/decoder/detect.js";
import { highPass, highPassWithWindows } from "../../../../drivers/audio/decoder/filters.js";
import { SwipeDecoder, type SwipeOutcome } from "../../../../drivers/audio/decoder/index.js";
import { heapBytes, KernelHeap, moduleBytes } from "../../../../drivers/audio/decoder/wasm/index.js";
import { AudioError } from "../../../../drivers/audio/errors.js";
import { synthesizeSwipe } from "../../../../drivers/audio/synth/index.js";
import { swipeCorpus } from "../corpus/corpus.js";
import { negatives } from "../corpus/negatives.js";

const T1 = "%B4111111111111111^CARDWIRE/TEST^3012101000000000000000?";
const T2 = ";4111111111111111=3012101000000000000?";

/** Index of the first element where a and b differ (Object.is: ±0 differ, NaN equals NaN), or -1. */
function firstDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** One heap big enough for every kernel-level case below. */
function heap(): KernelHeap {
  const h = KernelHeap.create(heapBytes([4096, 4096, 4096, 4096], [4096, 16]));
  if (h === null) throw new Error("WebAssembly unavailable in this runtime");
  return h;
}

/** Every float32 value class: in range, out of range, ±0, ±Infinity, NaN, subnormals. */
const anyF32 = fc.oneof(
  fc.float({ min: -1, max: 1 }),
  fc.float(),
  fc.constantFrom(0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-40),
);

describe("WebAssembly module", () => {
  it("is small enough for a synchronous compile on a browser's main thread (< 4 KB)", () => {
    expect(moduleBytes()).toBeGreaterThan(8);
    expect(moduleBytes()).toBeLessThan(4096);
  });

  it("a decoder runs it by default, and the JavaScript loops when asked", () => {
    expect(new SwipeDecoder({ sampleRate: 8000 }).kernels).toBe("wasm");
    expect(new SwipeDecoder({ sampleRate: 8000, kernels: "auto" }).kernels).toBe("wasm");
    expect(new SwipeDecoder({ sampleRate: 8000, kernels: "js" }).kernels).toBe("js");
    expect(() => new SwipeDecoder({ sampleRate: 8000, kernels: "fast" as "js" })).toThrow(AudioError);
  });
});

describe("kernels = their JavaScript twins, element for element (property)", () => {
  const h = heap();

  it("detect = detectRun (clip into the ring with wrap, biquad, peak, energy, difference energy)", () => {
    const samples = h.f32(1024);
    const ring = h.f32(1024);
    const block = h.f64(12);
    fc.assert(
      fc.property(
        fc.array(anyF32, { maxLength: 600 }),
        fc.integer({ min: 1, max: 700 }),
        fc.nat(),
        fc.integer({ min: 8000, max: 48000 }),
        fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 7, maxLength: 7 }),
        (values, cap, headSeed, rate, state) => {
          const f = highPass(300, rate);
          const coeffs = [f.b0, f.b1, f.b2, f.a1, f.a2];
          const head0 = headSeed % cap;
          // JavaScript
          const jsRing = new Float32Array(cap).fill(0.5);
          const jsState = Float64Array.from(state);
          const src = Float32Array.from(values);
          const jsHead = detectRun(src, 0, src.length, jsRing, head0, Float64Array.from(coeffs), jsState);
          // WebAssembly, split where the ring wraps as SwipeDecoder does
          samples.set(src);
          const wasmRing = ring.subarray(0, cap).fill(0.5);
          block.set([...coeffs, ...state]);
          let head = head0;
          for (let from = 0; from < src.length; ) {
            const len = Math.min(src.length - from, cap - head);
            h.exports.detect(
              samples.byteOffset + 4 * from,
              samples.byteOffset + 4 * (from + len),
              wasmRing.byteOffset + 4 * head,
              block.byteOffset,
            );
            from += len;
            head = (head + len) % cap;
          }
          expect(head).toBe(jsHead);
          expect(firstDiff(wasmRing, jsRing)).toBe(-1);
          expect(firstDiff(block.subarray(5), jsState)).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("cands = findCandidates (plateaus, clipping, any threshold, output capacity)", () => {
    const y = h.f32(2048);
    const pos = h.f64(1100);
    const amp = h.f32(1100);
    const str = h.f32(1100);
    const level = fc.oneof(
      fc.integer({ min: -8, max: 8 }).map((k) => k / 8),
      fc.float({ min: -3, max: 3, noNaN: true }),
      fc.constantFrom(0, -0, 1, -1),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(level, fc.integer({ min: 1, max: 6 })), { maxLength: 300 }),
        fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true })),
        fc.integer({ min: 1, max: 1100 }),
        fc.nat(),
        (runs, hyst, cap, cut) => {
          const values = runs.flatMap(([v, len]) => Array.from({ length: len }, () => v)).slice(0, 2048);
          const n = values.length === 0 ? 0 : cut % (values.length + 1);
          y.set(values);
          const js = { pos: new Float64Array(cap), amp: new Float32Array(cap), str: new Float32Array(cap) };
          const count = findCandidates(Float32Array.from(values), n, hyst, js);
          const got = h.exports.cands(y.byteOffset, n, hyst, pos.byteOffset, amp.byteOffset, str.byteOffset, cap);
          expect(got).toBe(count);
          expect(firstDiff(pos.subarray(0, got), js.pos.subarray(0, count))).toBe(-1);
          expect(firstDiff(amp.subarray(0, got), js.amp.subarray(0, count))).toBe(-1);
          expect(firstDiff(str.subarray(0, got), js.str.subarray(0, count))).toBe(-1);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("hpw = highPassWithWindows (primed high-pass, in place or not, window RMS up to capacity)", () => {
    const src = h.f32(2048);
    const dst = h.f32(2048);
    const rms = h.f32(2048);
    const coeffs = h.f64(5);
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -2, max: 2, noNaN: true }), { maxLength: 2000 }),
        fc.integer({ min: 10, max: 3000 }),
        fc.integer({ min: 8000, max: 48000 }),
        fc.integer({ min: 1, max: 120 }),
        fc.nat(40),
        fc.boolean(),
        (values, hz, rate, w, capSeed, inPlace) => {
          const f = highPass(Math.min(hz, rate / 3), rate);
          const n = values.length;
          const cap = Math.min(capSeed, 2048);
          const jsSrc = Float32Array.from(values);
          const jsDst = inPlace ? jsSrc : new Float32Array(n);
          const jsRms = new Float32Array(cap);
          const count = highPassWithWindows(f, jsSrc, jsDst, n, w, jsRms);
          src.set(values);
          coeffs.set([f.b0, f.b1, f.b2, f.a1, f.a2]);
          const out = inPlace ? src : dst;
          const got = h.exports.hpw(coeffs.byteOffset, src.byteOffset, out.byteOffset, n, w, rms.byteOffset, cap);
          expect(got).toBe(count);
          expect(firstDiff(out.subarray(0, n), jsDst)).toBe(-1);
          expect(firstDiff(rms.subarray(0, got), jsRms.subarray(0, count))).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** push in `sizes` (cycled) then flush. */
function decode(d: SwipeDecoder, pcm: Float32Array, sizes: readonly number[]): SwipeOutcome[] {
  const out: SwipeOutcome[] = [];
  for (let i = 0, k = 0; i < pcm.length; k++) {
    const size = sizes[k % sizes.length]!;
    out.push(...d.push(pcm.subarray(i, i + size)));
    i += size;
  }
  out.push(...d.flush());
  return out;
}

function bothWays(pcm: Float32Array, sampleRate: number, sizes: readonly number[]) {
  const wasm = new SwipeDecoder({ sampleRate });
  expect(wasm.kernels).toBe("wasm");
  return {
    js: decode(new SwipeDecoder({ sampleRate, kernels: "js" }), pcm, sizes),
    wasm: decode(wasm, pcm, sizes),
  };
}

describe("decoder with WebAssembly kernels = decoder with JavaScript kernels, every outcome field", () => {
  it("acceptance corpus: nominal 400, hard 200, 120 negatives", () => {
    let swipes = 0;
    const items = [
      ...swipeCorpus("nominal", 400, 20240301),
      ...swipeCorpus("hard", 200, 20240302),
      ...negatives(20, 20240303),
    ];
    for (const s of items) {
      const { js, wasm } = bothWays(s.pcm, s.sampleRate, [1024]);
      expect(wasm, s.id).toEqual(js);
      swipes += js.filter((o) => o.kind === "swipe").length;
    }
    // Not vacuous: the corpus decodes (594 of its 600 swipes at the time of writing).
    expect(swipes).toBeGreaterThan(580);
  }, 180_000);

  it("random streams: swipes, noise, clipping, NaN, silence, any push sizes, ring wrap-around (property)", () => {
    const piece = fc.oneof(
      fc.record({
        kind: fc.constant("swipe" as const),
        track: fc.constantFrom(1 as const, 2 as const),
        from: fc.integer({ min: 3, max: 15 }),
        to: fc.integer({ min: 3, max: 30 }),
        snrDb: fc.integer({ min: 12, max: 40 }),
        level: fc.integer({ min: -40, max: 6 }),
        seed: fc.nat(1000),
        reverse: fc.boolean(),
      }),
      fc.record({
        kind: fc.constantFrom("noise" as const, "silence" as const),
        seconds: fc.double({ min: 0, max: 1.5, noNaN: true }),
        level: fc.double({ min: 0, max: 0.5, noNaN: true }),
      }),
      fc.record({ kind: fc.constant("garbage" as const), values: fc.array(anyF32, { maxLength: 300 }) }),
    );
    let outcomes = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(8000, 16000, 44100),
        fc.array(piece, { minLength: 1, maxLength: 6 }),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 3000, max: 12000 })), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.nat(),
        (sampleRate, pieces, sizes, seed) => {
          let s = seed >>> 0;
          const parts = pieces.map((p) => {
            if (p.kind === "swipe") {
              return synthesizeSwipe({
                sampleRate,
                track: p.track,
                data: p.track === 1 ? T1 : T2,
                speed: { from: p.from, to: p.to },
                direction: p.reverse ? "reverse" : "forward",
                impairments: { noise: { snrDb: p.snrDb }, levelDbfs: p.level },
                seed: p.seed,
                leadingSilence: 0.1,
                trailingSilence: 0.1,
              });
            }
            if (p.kind === "garbage") return Float32Array.from(p.values);
            const out = new Float32Array(Math.round(p.seconds * sampleRate));
            if (p.kind === "noise") {
              for (let i = 0; i < out.length; i++) {
                s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
                out[i] = (s / 4294967296 - 0.5) * p.level;
              }
            }
            return out;
          });
          const pcm = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
          let at = 0;
          for (const p of parts) {
            pcm.set(p, at);
            at += p.length;
          }
          const { js, wasm } = bothWays(pcm, sampleRate, sizes);
          expect(wasm).toEqual(js);
          outcomes += js.length;
        },
      ),
      { numRuns: 40 },
    );
    expect(outcomes).toBeGreaterThan(10);
  }, 180_000);

  it("a long stream that wraps the ring many times, in pushes larger and smaller than the staging buffer", () => {
    const sampleRate = 8000;
    const parts: Float32Array[] = [];
    let s = 7;
    for (let k = 0; k < 12; k++) {
      parts.push(
        synthesizeSwipe({
          sampleRate,
          track: k % 2 === 0 ? 1 : 2,
          data: k % 2 === 0 ? T1 : T2,
          speed: { from: 3, to: 5 },
          impairments: { noise: { snrDb: 30 }, levelDbfs: -12 },
          seed: k,
          leadingSilence: 0.1,
          trailingSilence: 0.1,
        }),
      );
      const gap = new Float32Array(Math.round((0.5 + (k % 4)) * sampleRate));
      for (let i = 0; i < gap.length; i++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        gap[i] = (s / 4294967296 - 0.5) * 4e-4;
      }
      parts.push(gap);
    }
    const pcm = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let at = 0;
    for (const p of parts) {
      pcm.set(p, at);
      at += p.length;
    }
    expect(pcm.length / sampleRate).toBeGreaterThan(4 * 5); // several times the 4 s ring
    for (const sizes of [[1024], [9000, 17, 4096, 4097, 333]]) {
      const { js, wasm } = bothWays(pcm, sampleRate, sizes);
      expect(wasm).toEqual(js);
      expect(js.filter((o) => o.kind === "swipe")).toHaveLength(12);
    }
  }, 60_000);
});

describe("fallback to the JavaScript loops", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  const swipe = synthesizeSwipe({
    sampleRate: 16000,
    track: 1,
    data: T1,
    speed: { from: 5, to: 8 },
    seed: 5,
    leadingSilence: 0.2,
    trailingSilence: 0.2,
    impairments: { noise: { snrDb: 30 } },
  });

  async function freshDecoder(): Promise<SwipeDecoder> {
    vi.resetModules();
    const mod = await import("../../../../drivers/audio/decoder/index.js");
    return new mod.SwipeDecoder({ sampleRate: 16000 });
  }

  it("where WebAssembly is missing", async () => {
    vi.stubGlobal("WebAssembly", undefined);
    const d = await freshDecoder();
    expect(d.kernels).toBe("js");
    expect(decode(d, swipe, [512]).map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([T1]);
  });

  it("where compiling is refused (a Content-Security-Policy without 'wasm-unsafe-eval')", async () => {
    const real = WebAssembly;
    vi.stubGlobal("WebAssembly", {
      ...real,
      Module: class {
        constructor() {
          throw new real.CompileError("WebAssembly.Module(): Refused to compile or instantiate WebAssembly module");
        }
      },
    });
    const d = await freshDecoder();
    expect(d.kernels).toBe("js");
    expect(decode(d, swipe, [512]).map((o) => (o.kind === "swipe" ? o.data : o.reason))).toEqual([T1]);
  });
});

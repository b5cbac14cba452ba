/**
 * Streaming F2F swipe decoder for a bare magnetic head on an audio input.
 *
 * `push` runs a per-sample activity detector (a 300 Hz high-pass, then the
 * peak and RMS of each 10 ms block) and copies samples into a fixed ring
 * buffer; `ActivityGate` (gate.ts) turns the block levels into segments, and
 * each closed segment is decoded by `SegmentDecoder`. A segment is decoded from
 * the ring in place (copied only when it wraps), so the outcome of a swipe does
 * not depend on what came before it in the stream. Memory is fixed at
 * construction: ring and work buffers sized for MAX_SWIPE_S at the configured
 * rate. A swipe's outcome is returned by the `push` whose block covers
 * HANGOVER_S (after the last block over the sustain level) or the gate's
 * weak gap (after the last weak block of a slow, quiet end), whichever is
 * later, plus one 10 ms block: ≤ 60 ms + the caller's block length after the
 * last pulse the gate can see.
 */
import { tryCardFromTracks } from "../../../src/card/index.js";
import { AudioError, AudioErrorCodes } from "../errors.js";
import { detectRun } from "./detect.js";
import { type Biquad, highPass } from "./filters.js";
import { ActivityGate, GATE, GateEvent } from "./gate.js";
import { SegmentDecoder, type SegmentResult, segmentHeapArrays } from "./segment.js";
import type { DecodedSwipe, SwipeDecoderOptions, SwipeOutcome } from "./types.js";
import { KernelHeap, heapBytes } from "./wasm/index.js";
import { DETECT_COEFFS, DETECT_LENGTH } from "./wasm/kernels.js";

export type * from "./types.js";
export { DETECTION_PASSES } from "./segment.js";
export { TRACK_FORMATS, type TrackFormat, type TrackNumber, trackFormat } from "./tracks.js";

/** Supported input rates (Hz): telephone-band 8 kHz to 48 kHz. */
export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 48000;
/** Longest swipe kept: a 3.375 in card at under 1 ips; longer activity is reported truncated. */
export const MAX_SWIPE_S = 4;
/** Audio kept before the first active block at most: the slow start of a swipe sits under the trigger level. */
export const PRE_ROLL_S = GATE.preRollS.value;
/** Silence that ends a swipe (see gate.ts). */
export const HANGOVER_S = GATE.hangoverS.value;
/** Activity detector corner: rejects hum and its low harmonics, passes flux pulses. */
const DETECT_HP_HZ = 300;
/**
 * With the WebAssembly kernels, pushed samples are copied into the heap this
 * many at a time (one copy per caller block of up to this size), and the
 * detector kernel reads them from there.
 */
const STAGING = 4096;

const NONE: readonly SwipeOutcome[] = Object.freeze([]);

export class SwipeDecoder {
  readonly sampleRate: number;
  private readonly ring: Float32Array;
  private readonly work: Float32Array;
  private readonly segment: SegmentDecoder;
  private readonly gate: ActivityGate;
  private readonly detect: Biquad;
  /** Samples pushed since construction or reset (absolute clock of startSample/endSample). */
  private total = 0;
  /** Ring index of sample `total`. */
  private head = 0;
  /** Detector filter coefficients b0, b1, b2, a1, a2, then its state (see `detectRun`). */
  private readonly detector: Float64Array;
  private readonly coeffs: Float64Array;
  /** Detector state carried across pushes: x1, x2, y1, y2, block peak, energy, first-difference energy. */
  private readonly state: Float64Array;
  private blockPos = 0;
  /** WebAssembly kernels and the memory holding ring, work and segment buffers; null: JavaScript loops. */
  private readonly heap: KernelHeap | null;
  /** Pushed samples staged in the heap for the detector kernel (empty without a heap). */
  private readonly staging: Float32Array;

  constructor(options: SwipeDecoderOptions) {
    const sr = options?.sampleRate;
    if (typeof sr !== "number" || !Number.isFinite(sr) || sr < MIN_SAMPLE_RATE || sr > MAX_SAMPLE_RATE) {
      throw new AudioError(
        AudioErrorCodes.sampleRate,
        `sampleRate: expected ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz, found ${String(sr)}`,
        { field: "sampleRate" },
      );
    }
    const kernels = options.kernels ?? "auto";
    if (kernels !== "auto" && kernels !== "js") {
      throw new AudioError(AudioErrorCodes.argument, `kernels: expected "auto" or "js", found ${String(kernels)}`, {
        field: "kernels",
      });
    }
    this.sampleRate = sr;
    this.gate = new ActivityGate(sr, MAX_SWIPE_S);
    // One extra block: the segment ends at a block boundary, the ring must still hold its start.
    const capacity = this.gate.maxSegment + this.gate.blockLen * 2;
    const seg = segmentHeapArrays(sr, capacity);
    const heap =
      kernels === "js"
        ? null
        : KernelHeap.create(heapBytes([capacity, capacity, STAGING, ...seg.f32], [DETECT_LENGTH, ...seg.f64]));
    this.heap = heap;
    this.detector = heap?.f64(DETECT_LENGTH) ?? new Float64Array(DETECT_LENGTH);
    this.coeffs = this.detector.subarray(0, DETECT_COEFFS);
    this.state = this.detector.subarray(DETECT_COEFFS);
    this.ring = heap?.f32(capacity) ?? new Float32Array(capacity);
    this.work = heap?.f32(capacity) ?? new Float32Array(capacity);
    this.staging = heap?.f32(STAGING) ?? new Float32Array(0);
    this.segment = new SegmentDecoder(sr, capacity, heap);
    this.detect = highPass(DETECT_HP_HZ, sr);
    const { b0, b1, b2, a1, a2 } = this.detect;
    this.coeffs.set([b0, b1, b2, a1, a2]);
  }

  /** Which per-sample loops this decoder runs: "wasm" (the WebAssembly kernels) or "js". */
  get kernels(): "wasm" | "js" {
    return this.heap === null ? "js" : "wasm";
  }

  push(samples: Float32Array): SwipeOutcome[] {
    if (!(samples instanceof Float32Array)) {
      throw new AudioError(AudioErrorCodes.argument, "push: expected a Float32Array of mono PCM samples", {
        field: "samples",
      });
    }
    if (this.heap === null || samples.length === 0) return this.run(samples, false);
    if (samples.length <= STAGING) {
      this.staging.set(samples);
      return this.run(samples, true);
    }
    let out: SwipeOutcome[] | null = null;
    for (let at = 0; at < samples.length; at += STAGING) {
      const part = samples.subarray(at, at + STAGING);
      this.staging.set(part);
      const r = this.run(part, true);
      if (r.length > 0) {
        out ??= [];
        out.push(...r);
      }
    }
    return out ?? (NONE as SwipeOutcome[]);
  }

  /**
   * The detector over `samples`, a block at a time, and the gate at each block
   * end. `staged`: the samples are also staging[0, samples.length) and the
   * detector kernel runs over those.
   */
  private run(samples: Float32Array, staged: boolean): SwipeOutcome[] {
    let out: SwipeOutcome[] | null = null;
    const blockLen = this.gate.blockLen;
    const state = this.state;
    const n = samples.length;
    let pos = this.blockPos;
    let i = 0;
    while (i < n) {
      const stop = Math.min(n, i + (blockLen - pos));
      this.head = staged
        ? this.detectKernel(i, stop)
        : detectRun(samples, i, stop, this.ring, this.head, this.coeffs, state);
      pos += stop - i;
      this.total += stop - i;
      i = stop;
      if (pos === blockLen) {
        const energy = state[5] as number;
        const peak = state[4] as number;
        const event = this.gate.block(
          peak,
          Math.sqrt(energy / blockLen),
          energy > 0 ? (state[6] as number) / energy : 0,
          this.total,
        );
        pos = 0;
        state[4] = 0;
        state[5] = 0;
        state[6] = 0;
        if (event === GateEvent.end || event === GateEvent.overflow) {
          const r = this.decodeSegment(event === GateEvent.overflow);
          if (r !== null) {
            out ??= [];
            out.push(r);
          }
        }
      }
    }
    this.blockPos = pos;
    return out ?? (NONE as SwipeOutcome[]);
  }

  /** detectRun by the WebAssembly kernel over staging[from, to), split where the ring wraps. */
  private detectKernel(from: number, to: number): number {
    const k = (this.heap as KernelHeap).exports;
    const src = this.staging.byteOffset;
    const ring = this.ring.byteOffset;
    const st = this.detector.byteOffset;
    const cap = this.ring.length;
    let head = this.head;
    while (from < to) {
      const len = Math.min(to - from, cap - head);
      k.detect(src + 4 * from, src + 4 * (from + len), ring + 4 * head, st);
      from += len;
      head += len;
      if (head === cap) head = 0;
    }
    return head;
  }

  /**
   * End of stream: decodes a segment still open (a swipe whose hangover has
   * not elapsed). The decoder stays usable; later pushes continue the same
   * sample clock.
   */
  flush(): SwipeOutcome[] {
    if (!this.gate.close(this.total)) return [];
    const r = this.decodeSegment(false);
    return r === null ? [] : [r];
  }

  /** Forgets everything: noise floor, open segment, sample clock (the next sample is sample 0). */
  reset(): void {
    this.total = 0;
    this.head = 0;
    this.state.fill(0);
    this.blockPos = 0;
    this.gate.reset();
  }

  private decodeSegment(truncated: boolean): SwipeOutcome | null {
    const start = this.gate.segStart;
    const n = this.gate.segEnd - start;
    const cap = this.ring.length;
    let at = this.head - (this.total - start);
    if (at < 0) at += cap;
    let pcm: Float32Array;
    if (at + n <= cap) {
      pcm = this.ring.subarray(at, at + n);
    } else {
      this.work.set(this.ring.subarray(at));
      this.work.set(this.ring.subarray(0, n - (cap - at)), cap - at);
      pcm = this.work;
    }
    const r = toOutcome(this.segment.decode(pcm, n), start);
    if (!truncated || r === null || r.kind === "swipe") return r;
    // A frame cut at MAX_SWIPE_S fails for its length, whatever the framing error was.
    return { ...r, reason: "truncated", detail: `activity longer than ${MAX_SWIPE_S} s; ${r.detail}` };
  }
}

function toOutcome(r: SegmentResult, base: number): SwipeOutcome | null {
  if (r === null) return null;
  if (r.kind === "failed") {
    return {
      kind: "failure",
      reason: r.reason,
      ...(r.format !== undefined && { track: r.format.track }),
      startSample: base + Math.round(r.startOffset),
      endSample: base + Math.round(r.endOffset),
      detail: r.detail,
    };
  }
  const track = r.format.track;
  const card = track === 3 ? undefined : tryCardFromTracks(track === 1 ? { track1: r.data } : { track2: r.data });
  const swipe: DecodedSwipe = {
    kind: "swipe",
    track,
    data: r.data,
    ...(card?.ok === true && { card: card.value }),
    direction: r.direction,
    speedIps: Math.round(r.speedIps * 10) / 10,
    quality: { snrDb: Math.round(r.snrDb * 10) / 10, margin: Math.round(r.margin * 100) / 100 },
    corrected: r.corrected,
    startSample: base + Math.round(r.startOffset),
    endSample: base + Math.round(r.endOffset),
  };
  return swipe;
}

/** Convenience: decode a whole recording (push + flush). */
export function decodePcm(samples: Float32Array, sampleRate: number): SwipeOutcome[] {
  const d = new SwipeDecoder({ sampleRate });
  return [...d.push(samples), ...d.flush()];
}

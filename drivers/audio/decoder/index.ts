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
import { type Biquad, highPass } from "./filters.js";
import { ActivityGate, GATE, GateEvent } from "./gate.js";
import { SegmentDecoder, type SegmentResult } from "./segment.js";
import type { DecodedSwipe, SwipeDecoderOptions, SwipeOutcome } from "./types.js";

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
  /** Detector filter coefficients b0, b1, b2, a1, a2 (see `detectRun`). */
  private readonly coeffs: Float64Array;
  /** Detector state carried across pushes: x1, x2, y1, y2, block peak, energy, first-difference energy. */
  private readonly state = new Float64Array(7);
  private blockPos = 0;

  constructor(options: SwipeDecoderOptions) {
    const sr = options?.sampleRate;
    if (typeof sr !== "number" || !Number.isFinite(sr) || sr < MIN_SAMPLE_RATE || sr > MAX_SAMPLE_RATE) {
      throw new AudioError(
        AudioErrorCodes.sampleRate,
        `sampleRate: expected ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz, found ${String(sr)}`,
        { field: "sampleRate" },
      );
    }
    this.sampleRate = sr;
    this.gate = new ActivityGate(sr, MAX_SWIPE_S);
    // One extra block: the segment ends at a block boundary, the ring must still hold its start.
    this.ring = new Float32Array(this.gate.maxSegment + this.gate.blockLen * 2);
    this.work = new Float32Array(this.ring.length);
    this.segment = new SegmentDecoder(sr, this.work.length);
    this.detect = highPass(DETECT_HP_HZ, sr);
    const { b0, b1, b2, a1, a2 } = this.detect;
    this.coeffs = Float64Array.of(b0, b1, b2, a1, a2);
  }

  push(samples: Float32Array): SwipeOutcome[] {
    if (!(samples instanceof Float32Array)) {
      throw new AudioError(AudioErrorCodes.argument, "push: expected a Float32Array of mono PCM samples", {
        field: "samples",
      });
    }
    let out: SwipeOutcome[] | null = null;
    const blockLen = this.gate.blockLen;
    const state = this.state;
    const n = samples.length;
    let pos = this.blockPos;
    let i = 0;
    while (i < n) {
      const stop = Math.min(n, i + (blockLen - pos));
      this.head = detectRun(samples, i, stop, this.ring, this.head, this.coeffs, state);
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

/**
 * The per-sample hot loop: samples[from, to) into the ring (clipped to
 * [-1, 1], NaN as silence), through the detector high-pass, into the block's
 * peak, energy and first-difference energy. A function of its own over
 * Float64Array state so every loop-carried value stays an unboxed double: as
 * locals of `push` initialised from object fields, V8 kept them as tagged
 * values and allocated a HeapNumber per sample (seen in --print-opt-code;
 * about half the loop's time). Returns the new ring head.
 */
function detectRun(
  samples: Float32Array,
  from: number,
  to: number,
  ring: Float32Array,
  head: number,
  c: Float64Array,
  st: Float64Array,
): number {
  const b0 = c[0] as number;
  const b1 = c[1] as number;
  const b2 = c[2] as number;
  const a1 = c[3] as number;
  const a2 = c[4] as number;
  let x1 = st[0] as number;
  let x2 = st[1] as number;
  let y1 = st[2] as number;
  let y2 = st[3] as number;
  let peak = st[4] as number;
  let energy = st[5] as number;
  let diff = st[6] as number;
  const cap = ring.length;
  for (let i = from; i < to; i++) {
    let x = samples[i] as number;
    // PCM is [-1, 1]: one range test on the common path; outside it, clip, and NaN (no comparison
    // holds) becomes silence. No Number.isFinite call per sample.
    if (!(x <= 1 && x >= -1)) x = x > 1 ? 1 : x < -1 ? -1 : 0;
    ring[head] = x;
    if (++head === cap) head = 0;
    const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
    x2 = x1;
    x1 = x;
    y2 = y1;
    y1 = y;
    // Branch-free: the sign of noise is random, and a mispredicted `y < 0 ? -y : y` cost more than the
    // whole biquad (measured: ~7 of ~18 ns per sample at 44.1 kHz).
    peak = Math.max(peak, Math.abs(y));
    energy += y * y;
    const dy = y - y2;
    diff += dy * dy;
  }
  st[0] = x1;
  st[1] = x2;
  st[2] = y1;
  st[3] = y2;
  st[4] = peak;
  st[5] = energy;
  st[6] = diff;
  return head;
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

/**
 * Streaming F2F swipe decoder for a bare magnetic head on an audio input.
 *
 * `push` runs a per-sample activity detector (a 300 Hz high-pass, 10 ms block
 * peaks against a tracked noise floor) and copies samples into a fixed ring
 * buffer; when activity has been absent for HANGOVER_S the segment (with
 * PRE_ROLL_S before it, which holds the slow, quiet start of the swipe) is
 * decoded by `SegmentDecoder`. Memory is fixed at construction: ring and
 * work buffers sized for MAX_SWIPE_S at the configured rate. A swipe's outcome
 * is returned by the `push` whose block covers HANGOVER_S + one block after its
 * last pulse (≤ 60 ms + the caller's block length).
 */
import { tryCardFromTracks } from "../../../src/card/index.js";
import { AudioError, AudioErrorCodes } from "../errors.js";
import { type Biquad, highPass } from "./filters.js";
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
/** Audio kept before the first active block: the slow start of a swipe sits under the trigger level. */
export const PRE_ROLL_S = 0.25;
/** Silence that ends a swipe: longer than a Track 2 cell at 1 ips (13 ms), well under the 100 ms budget. */
export const HANGOVER_S = 0.05;
/** Activity block length. */
const BLOCK_S = 0.01;
/** Activity detector corner: rejects hum and its low harmonics, passes flux pulses. */
const DETECT_HP_HZ = 300;
/** A block is active when its peak exceeds this multiple of the noise-floor RMS (Gaussian peak over 10 ms ≈ 3.5σ). */
const ACTIVITY_FACTOR = 8;
/** Noise floor rise per quiet block (≈ 2 dB/s), so a louder room is learnt without chasing swipes. */
const FLOOR_RISE = 1.0025;
/** Absolute floor (≈ −110 dBFS): digital silence must not make every sample "active". */
const FLOOR_MIN = 3e-6;
/** Inputs are PCM in [-1, 1]; anything larger is clipped, non-finite samples become 0. */
const SAMPLE_LIMIT = 1;

const NONE: readonly SwipeOutcome[] = Object.freeze([]);

export class SwipeDecoder {
  readonly sampleRate: number;
  private readonly ring: Float32Array;
  private readonly work: Float32Array;
  private readonly segment: SegmentDecoder;
  private readonly blockLen: number;
  private readonly preRoll: number;
  private readonly hangover: number;
  private readonly maxSegment: number;
  private readonly detect: Biquad;
  private total = 0;
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  private blockPos = 0;
  private blockPeak = 0;
  private blockEnergy = 0;
  private floor = 0;
  private active = false;
  private overflow = false;
  private segStart = 0;
  private lastActiveEnd = 0;
  private lastSegEnd = 0;

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
    this.blockLen = Math.max(1, Math.round(BLOCK_S * sr));
    this.preRoll = Math.round(PRE_ROLL_S * sr);
    this.hangover = Math.round(HANGOVER_S * sr);
    this.maxSegment = Math.round(MAX_SWIPE_S * sr) + this.preRoll + this.hangover;
    this.ring = new Float32Array(this.maxSegment + this.blockLen * 2);
    this.work = new Float32Array(this.maxSegment + this.blockLen * 2);
    this.segment = new SegmentDecoder(sr, this.work.length);
    this.detect = highPass(DETECT_HP_HZ, sr);
  }

  push(samples: Float32Array): SwipeOutcome[] {
    if (!(samples instanceof Float32Array)) {
      throw new AudioError(AudioErrorCodes.argument, "push: expected a Float32Array of mono PCM samples", {
        field: "samples",
      });
    }
    let out: SwipeOutcome[] | null = null;
    const ring = this.ring;
    const cap = ring.length;
    const f = this.detect;
    for (let i = 0; i < samples.length; i++) {
      let x = samples[i]!;
      if (!Number.isFinite(x)) x = 0;
      else if (x > SAMPLE_LIMIT) x = SAMPLE_LIMIT;
      else if (x < -SAMPLE_LIMIT) x = -SAMPLE_LIMIT;
      ring[this.total % cap] = x;
      this.total++;
      const y = f.b0 * x + f.b1 * this.x1 + f.b2 * this.x2 - f.a1 * this.y1 - f.a2 * this.y2;
      this.x2 = this.x1;
      this.x1 = x;
      this.y2 = this.y1;
      this.y1 = y;
      const a = y < 0 ? -y : y;
      if (a > this.blockPeak) this.blockPeak = a;
      this.blockEnergy += y * y;
      if (++this.blockPos === this.blockLen) {
        const result = this.endBlock();
        if (result !== null) {
          out ??= [];
          out.push(result);
        }
      }
    }
    return out ?? (NONE as SwipeOutcome[]);
  }

  flush(): SwipeOutcome[] {
    if (!this.active) {
      return [];
    }
    const end = Math.min(this.total, this.lastActiveEnd + this.hangover);
    const r = this.finish(end);
    return r === null ? [] : [r];
  }

  reset(): void {
    this.total = 0;
    this.x1 = this.x2 = this.y1 = this.y2 = 0;
    this.blockPos = 0;
    this.blockPeak = 0;
    this.blockEnergy = 0;
    this.floor = 0;
    this.active = false;
    this.overflow = false;
    this.segStart = 0;
    this.lastActiveEnd = 0;
    this.lastSegEnd = 0;
  }

  private endBlock(): SwipeOutcome | null {
    const rms = Math.sqrt(this.blockEnergy / this.blockLen);
    const peak = this.blockPeak;
    this.blockPos = 0;
    this.blockPeak = 0;
    this.blockEnergy = 0;
    const end = this.total;
    if (this.floor === 0) this.floor = Math.max(FLOOR_MIN, rms);
    const isActive = peak > ACTIVITY_FACTOR * this.floor;
    if (!this.active && !this.overflow) {
      if (!isActive) {
        this.floor = rms < this.floor ? 0.7 * this.floor + 0.3 * rms : this.floor * FLOOR_RISE;
        if (this.floor < FLOOR_MIN) this.floor = FLOOR_MIN;
        return null;
      }
      this.active = true;
      this.segStart = Math.max(end - this.blockLen - this.preRoll, this.lastSegEnd, 0);
      this.lastActiveEnd = end;
      return null;
    }
    if (this.overflow) {
      // Activity longer than MAX_SWIPE_S already reported: wait for quiet.
      if (isActive) this.lastActiveEnd = end;
      else if (end - this.lastActiveEnd >= this.hangover) {
        this.overflow = false;
        this.lastSegEnd = end;
      }
      return null;
    }
    if (isActive) this.lastActiveEnd = end;
    if (end - this.segStart >= this.maxSegment) {
      const r = this.finish(end);
      this.overflow = true;
      return r ?? this.truncated(end);
    }
    if (!isActive && end - this.lastActiveEnd >= this.hangover) return this.finish(end);
    return null;
  }

  private truncated(end: number): SwipeOutcome {
    return {
      kind: "failure",
      reason: "truncated",
      startSample: this.segStart,
      endSample: end,
      detail: `activity longer than ${MAX_SWIPE_S} s`,
    };
  }

  private finish(end: number): SwipeOutcome | null {
    const start = this.segStart;
    const n = end - start;
    const cap = this.ring.length;
    for (let i = 0; i < n; i++) this.work[i] = this.ring[(start + i) % cap]!;
    this.active = false;
    this.lastSegEnd = end;
    return toOutcome(this.segment.decode(this.work, n), start);
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

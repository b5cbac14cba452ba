/**
 * Decodes one captured swipe segment (a few seconds of PCM around detected
 * activity): high-pass, noise estimate, then a short table of detection
 * passes, each peaks → F2F bits → frame parse in both directions and both
 * bit widths. The first pass whose frame passes every parity check and the
 * LRC wins; a repaired frame is accepted only if no pass decodes a different
 * valid frame. Everything runs in buffers allocated once per decoder.
 */
import { decodeBits, type BitBuffers } from "./f2f.js";
import { applyBiquad, binomialSmooth, highPass, type Biquad } from "./filters.js";
import { type FrameResult, parseFrame } from "./frame.js";
import { findPeaks, type PeakBuffers } from "./peaks.js";
import { TRACK_FORMATS, type TrackFormat } from "./tracks.js";
import type { SwipeDirection, SwipeFailureReason } from "./types.js";

/** Detection passes, tried in order (data over code). */
export const DETECTION_PASSES = [
  {
    smooth: 0,
    ratio: 0.35,
    floorK: 4.5,
    sign: 0.4,
    description: "raw pulses, sign-checked: clean swipes, AC-coupling undershoot",
  },
  {
    smooth: 0,
    ratio: 0.35,
    floorK: 4.5,
    sign: 0,
    description: "raw pulses, hysteresis only: DC-shifted or asymmetric pulses",
  },
  {
    smooth: 1,
    ratio: 0.35,
    floorK: 4,
    sign: 0.35,
    description: "[1 2 1] smoothing: noisy swipes with resolvable pulses",
  },
  {
    smooth: 0,
    ratio: 0.22,
    floorK: 4,
    sign: 0.25,
    description: "low hysteresis: heavy pulse overlap shrinks the mid-cell pulses of 1s",
  },
  {
    smooth: 3,
    ratio: 0.3,
    floorK: 3.5,
    sign: 0.35,
    description: "wide smoothing: slow, noisy swipes with wide pulses",
  },
  { smooth: 0, ratio: 0.5, floorK: 5, sign: 0.5, description: "high hysteresis and sign: strong high-pass ringing" },
  { smooth: 1, ratio: 0.22, floorK: 4, sign: 0, description: "smoothing plus low hysteresis: noisy and dense" },
] as const;

/**
 * Only the 7-bit (Track 1) and 5-bit (Tracks 2/3) alphabets need trying; 2 and 3
 * share one, so 5-bit frames are parsed with Track 3's length limit and then
 * named Track 2 when they fit Track 2's 40 characters.
 */
const FRAME_FORMATS: readonly TrackFormat[] = [TRACK_FORMATS[0], TRACK_FORMATS[2]];

/**
 * Decoder front-end high-pass: two cascaded Butterworth sections (4th order).
 * Mains hum (50/60 Hz and its low harmonics) can be as large as the slow,
 * quiet start of a swipe; pulse energy sits above ~500 Hz even at 2 ips.
 */
const HIGH_PASS_HZ = 120;
/** Noise windows for the hysteresis floor. */
const NOISE_WINDOW_S = 0.002;
/** A run must be at least this long to be worth parsing (leading zeros + a short Track 2). */
const MIN_RUN_BITS = 24;
/** Pulses closer than this many samples per half-cell cannot be resolved: the swipe was too fast. */
const TOO_FAST_HALF_CELL = 2.6;
/** Below this pulse SNR a failed swipe is reported as too noisy. */
const TOO_NOISY_DB = 11;
/** Reported SNR cap (digital silence between pulses has no measurable noise). */
const MAX_SNR_DB = 99;

export interface SegmentSuccess {
  readonly kind: "frame";
  readonly format: TrackFormat;
  readonly data: string;
  readonly corrected: boolean;
  readonly direction: SwipeDirection;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly speedIps: number;
  readonly snrDb: number;
  readonly margin: number;
}

export interface SegmentFailure {
  readonly kind: "failed";
  readonly reason: SwipeFailureReason;
  readonly format?: TrackFormat;
  readonly startOffset: number;
  readonly endOffset: number;
  readonly detail: string;
}

export type SegmentResult = SegmentSuccess | SegmentFailure | null;

export class SegmentDecoder {
  private readonly hp: Biquad;
  private readonly filtered: Float32Array;
  private readonly smoothed: Float32Array;
  private readonly windows: Float32Array;
  private readonly peaks: PeakBuffers;
  private readonly bitBufs: BitBuffers;
  private readonly reversed: Uint8Array;
  private peakCount = 0;

  constructor(
    private readonly sampleRate: number,
    capacity: number,
  ) {
    this.hp = highPass(HIGH_PASS_HZ, sampleRate);
    this.filtered = new Float32Array(capacity);
    this.smoothed = new Float32Array(capacity);
    this.windows = new Float32Array(Math.ceil(capacity / Math.max(1, Math.round(NOISE_WINDOW_S * sampleRate))) + 1);
    const maxPeaks = Math.ceil(capacity / 2) + 1;
    this.peaks = { pos: new Float64Array(maxPeaks), swing: new Float32Array(maxPeaks) };
    this.bitBufs = {
      bits: new Uint8Array(maxPeaks),
      at: new Float64Array(maxPeaks),
      cell: new Float32Array(maxPeaks),
      margin: new Float32Array(maxPeaks),
      runs: new Int32Array(64),
    };
    this.reversed = new Uint8Array(maxPeaks);
  }

  decode(samples: Float32Array, n: number): SegmentResult {
    applyBiquad(this.hp, samples, this.filtered, n);
    // (single section)
    let corrected: SegmentSuccess | null = null;
    let conflict = false;
    let failure: { frame: FrameResult; direction: SwipeDirection; run: number; minHalf: number } | null = null;
    let longestRun = 0;
    let longestRunOnes = 0;
    let minHalfOverall = Number.POSITIVE_INFINITY;
    let pulseSnrDb = Number.NaN;
    for (const pass of DETECTION_PASSES) {
      binomialSmooth(this.filtered, this.smoothed, n, pass.smooth);
      const noise = this.noiseRms(this.smoothed, n);
      this.peakCount = findPeaks(
        this.smoothed,
        n,
        { ratio: pass.ratio, floor: pass.floorK * noise, sign: pass.sign },
        this.peaks,
      );
      const bits = decodeBits(this.peaks.pos, this.peakCount, this.bitBufs);
      if (Number.isNaN(pulseSnrDb)) pulseSnrDb = this.pulseSnrDb(noise);
      if (bits.minHalfCell < minHalfOverall) minHalfOverall = bits.minHalfCell;
      for (let r = 0; r < bits.runCount; r++) {
        const from = this.bitBufs.runs[r * 2]!;
        const to = this.bitBufs.runs[r * 2 + 1]!;
        if (to - from < MIN_RUN_BITS) continue;
        if (to - from > longestRun) {
          longestRun = to - from;
          longestRunOnes = 0;
          for (let k = from; k < to; k++) if (this.bitBufs.bits[k] === 1) longestRunOnes++;
        }
        for (let k = 0; k < to - from; k++) this.reversed[k] = this.bitBufs.bits[to - 1 - k]!;
        for (const direction of ["forward", "reverse"] as const) {
          for (const format of FRAME_FORMATS) {
            const frame =
              direction === "forward"
                ? parseFrame(this.bitBufs.bits, from, to, format)
                : parseFrame(this.reversed, 0, to - from, format);
            if (frame.status === "ok") {
              const success = this.success(frame, direction, to, noise);
              if (!frame.corrected) return success;
              if (corrected === null) corrected = success;
              else if (corrected.data !== success.data) conflict = true;
            } else if (failure === null || frame.progress > failure.frame.progress) {
              failure = { frame, direction, run: from, minHalf: bits.minHalfCell };
            }
          }
        }
      }
    }
    if (corrected !== null && !conflict) return corrected;
    return this.failure(failure, longestRun, longestRunOnes, minHalfOverall, pulseSnrDb, n);
  }

  private success(frame: FrameResult, direction: SwipeDirection, to: number, noise: number): SegmentSuccess {
    const b = this.bitBufs;
    // Map frame bit indices back to the forward run.
    const first = direction === "forward" ? frame.firstBit : to - frame.endBit;
    const last = direction === "forward" ? frame.endBit - 1 : to - 1 - frame.firstBit;
    const startOffset = b.at[first]!;
    const endOffset = b.at[last]! + b.cell[last]!;
    let margin = 1;
    for (let k = first; k <= last; k++) if (b.margin[k]! < margin) margin = b.margin[k]!;
    const cells = last - first + 1;
    const seconds = (endOffset - startOffset) / this.sampleRate;
    const format =
      frame.format.bits === 5 && frame.data.length <= TRACK_FORMATS[1].maxChars ? TRACK_FORMATS[1] : frame.format;
    // Mean pulse swing over the frame (peak-to-peak of adjacent pulses ≈ 2 × pulse peak).
    let swingSum = 0;
    let swings = 0;
    for (let p = 0; p < this.peakCount; p++) {
      const at = this.peaks.pos[p]!;
      if (at < startOffset) continue;
      if (at > endOffset) break;
      swingSum += this.peaks.swing[p]!;
      swings++;
    }
    const snrDb =
      swings === 0 ? 0 : noise > 0 ? Math.min(MAX_SNR_DB, 20 * Math.log10(swingSum / swings / 2 / noise)) : MAX_SNR_DB;
    return {
      kind: "frame",
      format,
      data: frame.data,
      corrected: frame.corrected,
      direction,
      startOffset,
      endOffset,
      speedIps: seconds > 0 ? cells / seconds / format.bpi : 0,
      snrDb,
      margin: Math.max(0, margin),
    };
  }

  private failure(
    f: { frame: FrameResult; direction: SwipeDirection; run: number; minHalf: number } | null,
    longestRun: number,
    longestRunOnes: number,
    minHalf: number,
    snrDb: number,
    n: number,
  ): SegmentResult {
    const looksLikeData = longestRun >= 100 && longestRunOnes > longestRun * 0.1 && longestRunOnes < longestRun * 0.9;
    if (f === null || f.frame.progress === 0) {
      if (!looksLikeData) return null;
      const reason: SwipeFailureReason =
        minHalf < TOO_FAST_HALF_CELL ? "too_fast" : snrDb < TOO_NOISY_DB ? "too_noisy" : "no_sentinel";
      return {
        kind: "failed",
        reason,
        startOffset: 0,
        endOffset: n,
        detail: `${longestRun} F2F bits, no start sentinel`,
      };
    }
    const start = this.bitBufs.at[f.run] ?? 0;
    const status = f.frame.status === "ok" ? "parity" : f.frame.status;
    let reason: SwipeFailureReason = status === "no_sentinel" ? "no_sentinel" : status;
    if (f.minHalf < TOO_FAST_HALF_CELL) reason = "too_fast";
    else if (snrDb < TOO_NOISY_DB) reason = "too_noisy";
    const track = f.frame.format.track;
    return {
      kind: "failed",
      reason,
      format: f.frame.format,
      startOffset: start,
      endOffset: n,
      detail: `track ${track} ${f.direction}: ${status} after ${f.frame.progress} characters; min half-cell ${minHalf.toFixed(1)} samples; pulse SNR ${snrDb.toFixed(1)} dB`,
    };
  }

  /** Mean pulse peak (half the mean swing between alternating pulses) over noise RMS, in dB. */
  private pulseSnrDb(noise: number): number {
    if (this.peakCount === 0) return 0;
    if (noise <= 0) return MAX_SNR_DB;
    let sum = 0;
    for (let p = 0; p < this.peakCount; p++) sum += this.peaks.swing[p]!;
    return Math.min(MAX_SNR_DB, 20 * Math.log10(sum / this.peakCount / 2 / noise));
  }

  /** Noise RMS: a low percentile of short-window RMS values, so pulses do not inflate it. */
  private noiseRms(y: Float32Array, n: number): number {
    const w = Math.max(1, Math.round(NOISE_WINDOW_S * this.sampleRate));
    let count = 0;
    for (let start = 0; start + w <= n && count < this.windows.length; start += w) {
      let s = 0;
      for (let i = start; i < start + w; i++) s += y[i]! * y[i]!;
      this.windows[count++] = Math.sqrt(s / w);
    }
    if (count === 0) return 0;
    const view = this.windows.subarray(0, count);
    view.sort();
    return view[Math.floor(count * 0.1)]! * 1.2;
  }
}

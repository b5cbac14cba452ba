/**
 * Decodes one captured swipe segment (a few seconds of PCM around detected
 * activity): high-pass, noise estimate, then a short table of detection
 * passes, each peaks → F2F bits → frame parse in both directions and both
 * bit widths. The first pass whose frame passes every parity check and the
 * LRC wins; a repaired frame is accepted only if another run decodes the same data and none a different
 * valid frame. Everything runs in buffers allocated once per decoder.
 */
import { type CandidateBuffers, findCandidates } from "./candidates.js";
import { type BitBuffers, decodeBits } from "./f2f.js";
import {
  applyOnePole,
  binomialSmooth,
  deemphasis,
  highPass,
  cellSmooth,
  highPassWithWindows,
  selectKth,
  type Biquad,
} from "./filters.js";
import { HumCanceller } from "./hum.js";
import { bestPath, type TimingBuffers, timingBuffers } from "./timing.js";
import { KernelHeap, heapBytes } from "./wasm/index.js";
import { type FrameResult, parseFrame } from "./frame.js";
import { findPeaks, type PeakBuffers } from "./peaks.js";
import { TRACK_FORMATS, type TrackFormat } from "./tracks.js";
import type { SwipeDirection, SwipeFailureReason } from "./types.js";

/** Half-width of the cell-matched smoothing (each of its two boxcars), as a fraction of the cell. */
const CELL_SMOOTH_K = 0.1;

/**
 * Detection passes, tried in order until one frames cleanly (data over code).
 * `smooth`: binomial smoothing order (a cheap matched filter for wide, slow
 * pulses); `hysteresis`: candidate threshold in noise RMS units.
 */
export const DETECTION_PASSES = [
  {
    smooth: 0,
    hysteresis: 3,
    deemphasisHz: 0,
    order: 0,
    cellSmooth: 0,
    description: "raw: sharp pulses, up to heavy overlap at ~3 samples per half-cell",
  },
  {
    smooth: 0,
    hysteresis: 3,
    deemphasisHz: 0,
    order: 0,
    cellSmooth: CELL_SMOOTH_K,
    description: "matched to the cell length the raw pass tracked: quiet, slow ends of 10× ramps",
  },
  {
    smooth: 2,
    hysteresis: 3,
    deemphasisHz: 0,
    order: 0,
    cellSmooth: 0,
    description: "[1 4 6 4 1] smoothing: noisy swipes, slow wide pulses",
  },
  {
    smooth: 6,
    hysteresis: 3,
    deemphasisHz: 0,
    order: 0,
    cellSmooth: 0,
    description: "wide smoothing: slow, noisy swipes at high sample rates",
  },
  { smooth: 2, hysteresis: 3, deemphasisHz: 150, order: 1, cellSmooth: 0, description: "undo 150 Hz AC coupling" },
  { smooth: 2, hysteresis: 3, deemphasisHz: 400, order: 1, cellSmooth: 0, description: "undo 400 Hz AC coupling" },
  {
    smooth: 2,
    hysteresis: 3,
    deemphasisHz: 300,
    order: 2,
    cellSmooth: 0,
    description: "undo 300 Hz second-order AC coupling",
  },
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
const HIGH_PASS_HZ = 40;
/** Hum is cancelled when its fitted RMS in the pre-roll exceeds this fraction of the rest. */
const HUM_RATIO = 0.5;
/** Calibration detector (findPeaks): hysteresis ratio, noise floor multiple and sign check. */
const CAL_RATIO = 0.35;
const CAL_FLOOR_K = 4.5;
const CAL_SIGN = 0.3;
/** Calibration: this many consecutive near-equal intervals (leading clocking zeros). */
const CAL_CELLS = 6;
/** Calibration intervals must lie within ±this fraction of their mean. */
const CAL_SPREAD = 0.2;
/** Noise windows for the hysteresis floor. */
const NOISE_WINDOW_S = 0.002;
/** Noise is the RMS of the quietest windows: every segment ends with ≥ 50 ms of hangover (2–3% of a swipe). */
const NOISE_PERCENTILE = 0.02;
/** A run must be at least this long to be worth parsing (leading zeros + a short Track 2). */
const MIN_RUN_BITS = 24;
/** A clean frame whose weakest bit margin is below this needs a second run that decodes the same data. */
const CONFIRM_MARGIN = 0.15;
/**
 * Weakest bit margin of a greedy (quick) frame taken without the Viterbi: above the Viterbi's single-run
 * CONFIRM_MARGIN, because the greedy timing has no second opinion on a missed or extra pulse. On the
 * acceptance and two hard validation corpora (1,600 swipes) no clean greedy frame was wrong even at margin 0.
 */
const QUICK_MARGIN = 0.25;
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

interface RunFailure {
  readonly frame: FrameResult;
  readonly direction: SwipeDirection;
  readonly run: number;
  readonly minHalf: number;
}

/** What the runs of one decode have found so far. */
interface DecodeState {
  corrected: SegmentSuccess | null;
  /** Another run decoded the same data as `corrected`. */
  confirmed: boolean;
  tentative: SegmentSuccess | null;
  conflict: boolean;
  failure: RunFailure | null;
  longestRun: number;
  longestRunOnes: number;
  minHalf: number;
}

const DIRECTIONS = ["forward", "reverse"] as const;

/** The high-pass biquad's b0, b1, b2, a1, a2 as the kernel reads them. */
const HP_COEFFS = 5;

/** Candidates and peaks: at most one per two samples (extrema alternate), plus one. */
function maxPeaksFor(capacity: number): number {
  return Math.ceil(capacity / 2) + 1;
}

function noiseWindowFor(sampleRate: number): number {
  return Math.max(1, Math.round(NOISE_WINDOW_S * sampleRate));
}

/**
 * Lengths of the arrays a SegmentDecoder takes from a KernelHeap (the buffers
 * the WebAssembly kernels touch): filtered and smoothed signal, noise window
 * RMS, candidate amplitudes and strengths (f32); candidate positions and the
 * high-pass coefficients (f64).
 */
export function segmentHeapArrays(
  sampleRate: number,
  capacity: number,
): { readonly f32: readonly number[]; readonly f64: readonly number[] } {
  const m = maxPeaksFor(capacity);
  return { f32: [capacity, capacity, windowsFor(sampleRate, capacity), m, m], f64: [m, HP_COEFFS] };
}

function windowsFor(sampleRate: number, capacity: number): number {
  return Math.ceil(capacity / noiseWindowFor(sampleRate)) + 1;
}

export class SegmentDecoder {
  private readonly hp: Biquad;
  /** `hp` as f64 b0, b1, b2, a1, a2 (the high-pass kernel's input). */
  private readonly hpCoeffs: Float64Array;
  private readonly filtered: Float32Array;
  private readonly smoothed: Float32Array;
  private readonly windows: Float32Array;
  private readonly noiseWindow: number;
  private readonly peaks: PeakBuffers;
  private readonly bitBufs: BitBuffers;
  private readonly reversed: Uint8Array;
  private readonly cands: CandidateBuffers;
  private readonly timing: TimingBuffers;
  private readonly hum: HumCanceller;
  private readonly prefix: Float64Array;
  /** Cell starts and lengths of the longest run so far (cellSmooth's width profile). */
  private readonly trackAt: Float64Array;
  private readonly trackCell: Float32Array;
  private trackCount = 0;
  private peakCount = 0;
  /** Detection passes the last decode ran (diagnostics: the cost of a segment grows with it). */
  passesRun = 0;
  /** The last decode returned a greedy (quick) frame: the Viterbi did not run (diagnostics). */
  quick = false;
  private readonly state: DecodeState = {
    corrected: null,
    confirmed: false,
    tentative: null,
    conflict: false,
    failure: null,
    longestRun: 0,
    longestRunOnes: 0,
    minHalf: Number.POSITIVE_INFINITY,
  };

  /**
   * `heap`: where the kernel buffers live and whose WebAssembly kernels run
   * over them (sized with `segmentHeapArrays`); null runs the JavaScript loops.
   */
  constructor(
    private readonly sampleRate: number,
    capacity: number,
    private readonly heap: KernelHeap | null = null,
  ) {
    this.hp = highPass(HIGH_PASS_HZ, sampleRate);
    this.hpCoeffs = heap?.f64(HP_COEFFS) ?? new Float64Array(HP_COEFFS);
    this.hpCoeffs.set([this.hp.b0, this.hp.b1, this.hp.b2, this.hp.a1, this.hp.a2]);
    this.filtered = heap?.f32(capacity) ?? new Float32Array(capacity);
    this.smoothed = heap?.f32(capacity) ?? new Float32Array(capacity);
    this.noiseWindow = noiseWindowFor(sampleRate);
    const windows = windowsFor(sampleRate, capacity);
    this.windows = heap?.f32(windows) ?? new Float32Array(windows);
    const maxPeaks = maxPeaksFor(capacity);
    this.peaks = { pos: new Float64Array(maxPeaks), swing: new Float32Array(maxPeaks) };
    this.bitBufs = {
      bits: new Uint8Array(maxPeaks),
      at: new Float64Array(maxPeaks),
      cell: new Float32Array(maxPeaks),
      margin: new Float32Array(maxPeaks),
      runs: new Int32Array(64),
    };
    this.reversed = new Uint8Array(maxPeaks);
    this.cands = {
      pos: heap?.f64(maxPeaks) ?? new Float64Array(maxPeaks),
      amp: heap?.f32(maxPeaks) ?? new Float32Array(maxPeaks),
      str: heap?.f32(maxPeaks) ?? new Float32Array(maxPeaks),
    };
    this.timing = timingBuffers(maxPeaks);
    this.hum = new HumCanceller(sampleRate, capacity);
    this.prefix = new Float64Array(capacity + 1);
    this.trackAt = new Float64Array(maxPeaks);
    this.trackCell = new Float32Array(maxPeaks);
  }

  decode(samples: Float32Array, n: number): SegmentResult {
    const w = this.noiseWindow;
    let windows: number;
    if (this.hum.humRatio(samples, n) > HUM_RATIO) {
      this.filtered.set(samples.subarray(0, n));
      this.hum.cancel(this.filtered, n);
      windows = this.highPass(this.filtered, n, w);
    } else windows = this.highPass(samples, n, w);
    // The unsmoothed passes share the high-pass output, so its noise estimate comes with the filter pass.
    const rawNoise = this.noiseFromWindows(windows);
    const st = this.state;
    st.corrected = null;
    st.confirmed = false;
    st.tentative = null;
    st.conflict = false;
    st.failure = null;
    st.longestRun = 0;
    st.longestRunOnes = 0;
    st.minHalf = Number.POSITIVE_INFINITY;
    let pulseSnrDb = Number.NaN;
    this.passesRun = 0;
    this.quick = false;
    this.trackCount = 0;
    for (const pass of DETECTION_PASSES) {
      if (pass.cellSmooth > 0 && this.trackCount < MIN_RUN_BITS) continue;
      this.passesRun++;
      const input = this.frontEnd(pass, n);
      const noise = input === this.filtered ? rawNoise : this.noiseRms(input, n);
      const cands = this.candidates(input, n, pass.hysteresis * noise);
      this.peakCount = findPeaks(
        this.cands.pos,
        this.cands.amp,
        cands,
        { ratio: CAL_RATIO, floor: CAL_FLOOR_K * noise, sign: CAL_SIGN },
        this.peaks,
      );
      if (Number.isNaN(pulseSnrDb)) pulseSnrDb = this.pulseSnrDb(noise);
      // Cheapest first: a clean swipe frames from greedy timing over the calibration peaks (a fraction of
      // the Viterbi's cost); the Viterbi runs only when that does not give a confident clean frame.
      if (this.passesRun === 1) {
        const quick = this.quickFrame(noise);
        if (quick !== null) {
          this.quick = true;
          return quick;
        }
      }
      // The Viterbi need not wander through the noise before the first and after the last strong pulse.
      const firstStrong = this.peakCount > 0 ? this.peaks.pos[0]! : 0;
      const lastStrong = this.peakCount > 0 ? this.peaks.pos[this.peakCount - 1]! : n;
      let count = 0;
      for (const dir of [1, -1] as const) {
        const cal = calibrate(this.peaks.pos, this.peakCount, dir);
        if (cal === null) continue;
        const c = nearestCandidate(this.cands, cands, cal.at, cal.cell * 0.3);
        if (c < 0) continue;
        const r = bestPath(
          this.cands.pos,
          this.cands.str,
          cands,
          c,
          dir,
          cal.cell,
          Math.abs(this.cands.amp[c]!),
          dir > 0 ? lastStrong : firstStrong,
          this.timing,
          this.bitBufs,
          count,
        );
        if (r.count < MIN_RUN_BITS) continue;
        if (r.count > this.trackCount) {
          this.trackCount = r.count;
          this.trackAt.set(this.bitBufs.at.subarray(count, count + r.count));
          this.trackCell.set(this.bitBufs.cell.subarray(count, count + r.count));
        }
        if (r.minHalfCell < st.minHalf) st.minHalf = r.minHalfCell;
        const done = this.frameRun(count, count + r.count, noise);
        if (done !== null) return done;
        count += r.count;
      }
    }
    // A repaired frame needs a second run that decodes the same data: a channel that made one error
    // may have made two more that keep every parity and cancel in the LRC (seen in a validation
    // corpus: the same bit slipped in two characters, a third repaired → a misread with strong margins).
    const c = st.corrected as SegmentSuccess | null;
    if (c !== null && !st.conflict && st.confirmed) return c;
    return this.failure(st.failure, st.longestRun, st.longestRunOnes, st.minHalf, pulseSnrDb, n);
  }

  /** highPassWithWindows into this.filtered and this.windows: the WebAssembly kernel when `src` lives in the heap. */
  private highPass(src: Float32Array, n: number, w: number): number {
    const heap = this.heap;
    if (heap === null || !heap.holds(src)) return highPassWithWindows(this.hp, src, this.filtered, n, w, this.windows);
    const rms = this.windows;
    return heap.exports.hpw(
      this.hpCoeffs.byteOffset,
      src.byteOffset,
      this.filtered.byteOffset,
      n,
      w,
      rms.byteOffset,
      rms.length,
    );
  }

  /** findCandidates into this.cands: the WebAssembly kernel when `y` lives in the heap, else JavaScript. */
  private candidates(y: Float32Array, n: number, h: number): number {
    const heap = this.heap;
    if (heap === null || !heap.holds(y)) return findCandidates(y, n, h, this.cands);
    const c = this.cands;
    return heap.exports.cands(y.byteOffset, n, h, c.pos.byteOffset, c.amp.byteOffset, c.str.byteOffset, c.pos.length);
  }

  /**
   * The cheap first attempt: greedy F2F timing (f2f.ts) over the calibration
   * peaks instead of the Viterbi over every candidate. Only a clean frame
   * (every parity and the LRC, nothing repaired) whose weakest bit keeps
   * QUICK_MARGIN is taken; anything else leaves no trace and the full search
   * runs as if this had not been tried.
   */
  private quickFrame(noise: number): SegmentSuccess | null {
    const r = decodeBits(this.peaks.pos, this.peakCount, this.bitBufs);
    const runs = this.bitBufs.runs;
    for (let k = 0; k < r.runCount; k++) {
      const from = runs[2 * k]!;
      const to = runs[2 * k + 1]!;
      if (to - from < MIN_RUN_BITS) continue;
      this.reverseRun(from, to);
      for (const direction of DIRECTIONS) {
        for (const format of FRAME_FORMATS) {
          const frame = this.parseRun(direction, format, from, to);
          if (frame.status !== "ok" || frame.corrected) continue;
          const success = this.success(frame, direction, from, to, noise);
          if (success.margin >= QUICK_MARGIN) return success;
        }
      }
    }
    return null;
  }

  /** The pass's input: the high-passed segment, optionally de-emphasised, then smoothed. */
  private frontEnd(pass: (typeof DETECTION_PASSES)[number], n: number): Float32Array {
    if (pass.cellSmooth > 0) {
      cellSmooth(
        this.filtered,
        this.smoothed,
        n,
        this.trackAt,
        this.trackCell,
        this.trackCount,
        pass.cellSmooth,
        this.prefix,
      );
      return this.smoothed;
    }
    if (pass.order > 0) {
      const f = deemphasis(pass.deemphasisHz, HIGH_PASS_HZ, this.sampleRate);
      applyOnePole(f, this.filtered, this.smoothed, n);
      for (let k = 1; k < pass.order; k++) applyOnePole(f, this.smoothed, this.smoothed, n);
      binomialSmooth(this.smoothed, this.smoothed, n, pass.smooth);
      return this.smoothed;
    }
    if (pass.smooth === 0) return this.filtered;
    binomialSmooth(this.filtered, this.smoothed, n, pass.smooth);
    return this.smoothed;
  }

  /**
   * Frames bits[from, to) both ways and in both widths. Returns the result to
   * report now (a confident clean frame, or a weak one a second run confirms),
   * else records what it found in `state` and returns null.
   */
  private frameRun(from: number, to: number, noise: number): SegmentSuccess | null {
    const st = this.state;
    const bits = this.bitBufs.bits;
    if (to - from > st.longestRun) {
      st.longestRun = to - from;
      st.longestRunOnes = 0;
      for (let k = from; k < to; k++) if (bits[k] === 1) st.longestRunOnes++;
    }
    this.reverseRun(from, to);
    for (const direction of DIRECTIONS) {
      for (const format of FRAME_FORMATS) {
        const frame = this.parseRun(direction, format, from, to);
        if (frame.status === "ok") {
          const success = this.success(frame, direction, from, to, noise);
          if (st.corrected !== null && st.corrected.data === success.data) st.confirmed = true;
          if (!frame.corrected) {
            if (success.margin >= CONFIRM_MARGIN) return success;
            // Weak evidence somewhere in the frame: a double error can keep every parity and the
            // LRC intact, so a second, independent run (other direction or pass) must agree.
            if (st.tentative !== null && st.tentative.data === success.data) return st.tentative;
            if (st.tentative === null) st.tentative = success;
            continue;
          }
          if (st.corrected === null) {
            st.corrected = success;
            if (st.tentative !== null && st.tentative.data === success.data) st.confirmed = true;
          } else if (st.corrected.data !== success.data) st.conflict = true;
        } else if (st.failure === null || frame.progress > st.failure.frame.progress) {
          st.failure = { frame, direction, run: from, minHalf: st.minHalf };
        }
      }
    }
    return null;
  }

  /** bits[from, to) backwards into `reversed`, for `parseRun("reverse", …)`. */
  private reverseRun(from: number, to: number): void {
    const bits = this.bitBufs.bits;
    for (let k = 0; k < to - from; k++) this.reversed[k] = bits[to - 1 - k]!;
  }

  /** Frames the run bits[from, to) read in `direction` (reverse: after `reverseRun(from, to)`). */
  private parseRun(direction: SwipeDirection, format: TrackFormat, from: number, to: number): FrameResult {
    return direction === "forward"
      ? parseFrame(this.bitBufs.bits, from, to, format)
      : parseFrame(this.reversed, 0, to - from, format);
  }

  private success(
    frame: FrameResult,
    direction: SwipeDirection,
    from: number,
    to: number,
    noise: number,
  ): SegmentSuccess {
    const b = this.bitBufs;
    // Map frame bit indices back to the forward run.
    const first = direction === "forward" ? frame.firstBit : from + (to - from) - frame.endBit;
    const last = direction === "forward" ? frame.endBit - 1 : from + (to - from) - 1 - frame.firstBit;
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
    f: RunFailure | null,
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
    const w = this.noiseWindow;
    let count = 0;
    for (let start = 0; start + w <= n && count < this.windows.length; start += w) {
      let s = 0;
      for (let i = start; i < start + w; i++) s += y[i]! * y[i]!;
      this.windows[count++] = Math.sqrt(s / w);
    }
    return this.noiseFromWindows(count);
  }

  private noiseFromWindows(count: number): number {
    if (count === 0) return 0;
    // Selection, not a sort: only two order statistics are needed. The 10th percentile first, so the
    // 2nd is then selected among the windows at or below it.
    const k10 = Math.floor(count * 0.1);
    const p10 = selectKth(this.windows, count, k10);
    const p2 = selectKth(this.windows, k10 + 1, Math.floor(count * NOISE_PERCENTILE));
    // Quiet windows can hold less noise than the swipe (a quieter room before it): never below half the 10th percentile.
    return Math.max(p2, 0.5 * p10) * 1.2;
  }
}

/**
 * Finds the leading clocking zeros (ISO/IEC 7811-2 records ≥ 0.1 in of zeros
 * before the start sentinel): the first run of CAL_CELLS near-equal intervals
 * from the start (dir 1) or the end (dir -1) of the strong pulses, extended
 * outwards while intervals stay near the cell length.
 */
function calibrate(pos: Float64Array, count: number, dir: 1 | -1): { at: number; cell: number } | null {
  for (let s = 0; s + CAL_CELLS < count; s++) {
    const i = dir > 0 ? s : count - 1 - s;
    let sum = 0;
    for (let k = 0; k < CAL_CELLS; k++) sum += Math.abs(pos[i + dir * (k + 1)]! - pos[i + dir * k]!);
    const mean = sum / CAL_CELLS;
    if (mean < 2) continue;
    let ok = true;
    for (let k = 0; k < CAL_CELLS && ok; k++) {
      const d = Math.abs(pos[i + dir * (k + 1)]! - pos[i + dir * k]!);
      if (Math.abs(d - mean) > CAL_SPREAD * mean) ok = false;
    }
    if (!ok) continue;
    let at = i;
    let cell = Math.abs(pos[i + dir]! - pos[i]!);
    while (at - dir >= 0 && at - dir < count) {
      const d = Math.abs(pos[at]! - pos[at - dir]!);
      if (Math.abs(d - cell) > 0.25 * cell) break;
      at -= dir;
    }
    if (at !== i) cell = Math.abs(pos[at + dir]! - pos[at]!);
    return { at: pos[at]!, cell: 0.5 * cell + 0.5 * mean };
  }
  return null;
}

/** Index of the candidate nearest to `at` (within `tolerance` samples), or -1. */
function nearestCandidate(c: CandidateBuffers, count: number, at: number, tolerance: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.pos[mid]! < at) lo = mid + 1;
    else hi = mid;
  }
  let best = -1;
  let bestD = tolerance;
  for (let k = Math.max(0, lo - 2); k <= Math.min(count - 1, lo + 2); k++) {
    const d = Math.abs(c.pos[k]! - at);
    if (d <= bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

// V8 tracks the field types of the first decoder's buffer objects and generalises them when a second
// decoder is built, deoptimising every hot function compiled in between (measured: the second
// SwipeDecoder in a process decoded at a quarter of its speed until re-optimised). Building two tiny
// decoders at load settles the hidden classes before anything is compiled (with and without a kernel heap).
new SegmentDecoder(8000, 64);
const tiny = segmentHeapArrays(8000, 64);
new SegmentDecoder(8000, 64, KernelHeap.create(heapBytes(tiny.f32, tiny.f64)));

/**
 * Activity gate of the streaming swipe decoder: decides, one 10 ms block at a
 * time, where a swipe segment starts and ends. It sees only two numbers per
 * block of the high-passed input (peak and RMS), never samples, so it is cheap
 * and testable on its own; `SwipeDecoder` owns the samples.
 *
 * Levels are relative to a tracked noise floor (block RMS while idle):
 * - START: a block peak well above the floor opens a segment;
 * - RAISED: a much lower level (peak or RMS) keeps it open, so a swipe that
 *   slows down mid-stripe (pulse amplitude ∝ speed) is not split in two, and
 *   the segment is extended backwards over the raised blocks before the
 *   trigger, so a slow, quiet start keeps its leading clocking zeros;
 * - WEAK: the mirror of that walk back at the end: blocks at the walk-back
 *   levels keep the segment open until WEAK_GAP passes without one, so the
 *   slow, quiet end of a decelerating swipe keeps its trailing zeros (most
 *   hard-band gate losses were such tails, cut 50 ms after the last block
 *   over the sustain level);
 * - the floor moves only while idle (fast down, slow up), so stretches of hum
 *   or room noise leave it at their level instead of letting it climb; after
 *   MAX_SWIPE_S of uninterrupted activity (a step up in the noise itself) it is
 *   re-learnt from the quietest block of that stretch, so the gate never locks;
 *   in the first WARMUP after a reset any quieter block is taken whole, so a
 *   start-up step (DC offset, AC-coupling transient) in the first block does not
 *   leave the floor high enough to hide a swipe that follows at once.
 *
 * Segment bounds hug the raised blocks (a short LEAD before, TAIL after): a
 * stretch of much quieter audio before or after a swipe (digital silence, a
 * quiet line between swipes that carry their own noise) would otherwise make
 * the segment decoder's noise estimate, a low percentile of the segment, far
 * too low. Memory: a block history of PRE_ROLL_S, allocated once.
 */

/** Gate constants (data over code). Times in seconds, levels as multiples of the floor RMS. */
export const GATE = {
  blockS: { value: 0.01, description: "activity block: shorter than any gap worth ending a swipe on" },
  start: { value: 8, description: "peak/floor that opens a segment (Gaussian block peak ≈ 3.5σ at 44.1 kHz)" },
  sustain: {
    value: 5,
    description: "peak/floor that keeps a segment open (Gaussian noise exceeds it in < 0.03% of 441-sample blocks)",
  },
  onsetPeak: { value: 4.5, description: "peak/floor of a block that belongs to a slow start (walking back)" },
  onsetRms: {
    value: 1.6,
    description: "RMS/floor of a block that belongs to a slow start: dense weak pulses (≳ 2.5σ) raise the RMS",
  },
  walkBackGap: {
    value: 4,
    description:
      "quiet blocks tolerated when walking back over a slow start (Track 2 cell at 1.5 ips ≈ 9 ms; not every weak pulse clears the onset level)",
  },
  preRollS: {
    value: 0.4,
    description: "furthest a segment reaches back before its trigger block (0.25 s cut 3 slow starts of the hard band)",
  },
  leadS: {
    value: 0.15,
    description: "audio kept before the first raised block: the segment decoder's noise and hum reference",
  },
  tailS: { value: 0.05, description: "audio kept after the last raised block (noise reference)" },
  stepRms: { value: 2, description: "RMS/floor above which a block's own noise is measurable (≥ 4× the floor power)" },
  whiteHf: {
    value: 1.5,
    description:
      "first-difference/signal energy above which a loud block is noise, not pulses (white ≈ 2; pulses ≥ 3 samples wide ≤ 1; dense narrow pulses at 8 kHz reach 1.45)",
  },
  hangoverS: {
    value: 0.05,
    description:
      "quiet that ends a swipe: ~4 Track 2 cells at 1 ips; with the trailing zeros and 1 block, under the 100 ms budget",
  },
  floorMin: { value: 3e-6, description: "≈ −110 dBFS: digital silence must not make every sample active" },
  floorRise: { value: 1.0025, description: "floor rise per quiet block (≈ 2 dB/s): a louder room is learnt slowly" },
  floorFall: { value: 0.3, description: "weight of a quieter block in the floor: a quieter room is learnt at once" },
  warmupS: {
    value: 0.05,
    description:
      "after a reset the floor takes any quieter block whole: the first block may hold a start-up step (DC, AC-coupling) that would hide an early swipe",
  },
  weakGapS: {
    value: 0.05,
    description:
      "quiet that ends the slow, quiet END of a swipe (weak blocks, as in the walk back): ~5 Track 2 cells at 1.5 ips; with 1 block, under the 100 ms budget",
  },
} as const;

/** What a block did to the segment state. */
export const GateEvent = {
  none: 0,
  /** A segment opened; `segStart` is set. */
  start: 1,
  /** A segment closed normally: decode [segStart, segEnd). */
  end: 2,
  /** Activity reached the longest swipe: decode [segStart, segEnd) and report it truncated. */
  overflow: 3,
} as const;
export type GateEvent = (typeof GateEvent)[keyof typeof GateEvent];

const IDLE = 0;
const ACTIVE = 1;
const OVERFLOW = 2;

export class ActivityGate {
  readonly blockLen: number;
  readonly preRoll: number;
  readonly hangover: number;
  /** Longest segment in samples (pre-roll + MAX swipe + hangover): the ring buffer's size. */
  readonly maxSegment: number;
  segStart = 0;
  segEnd = 0;
  private readonly lead: number;
  private readonly tail: number;
  private readonly histPeak: Float32Array;
  private readonly histRms: Float32Array;
  private histPos = 0;
  private histCount = 0;
  private floor = 0;
  private state = IDLE;
  private lastRaisedEnd = 0;
  private lastRaisedNoise = false;
  /** End of the last weak (slow-end) block of the open segment: see GATE.weakGap. */
  private lastWeakEnd = 0;
  private readonly weakGap: number;
  private readonly warmup: number;
  /** Samples of uninterrupted loud white blocks in the open segment, where they began, their quietest RMS. */
  private whiteRun = 0;
  private whiteStart = 0;
  private whiteMin = 0;
  private lastSegEnd = 0;
  private minRms = 0;
  private minSince = 0;

  constructor(sampleRate: number, maxSwipeS: number) {
    this.blockLen = Math.max(1, Math.round(GATE.blockS.value * sampleRate));
    this.preRoll = Math.round(GATE.preRollS.value * sampleRate);
    this.hangover = Math.round(GATE.hangoverS.value * sampleRate);
    this.lead = Math.round(GATE.leadS.value * sampleRate);
    this.tail = Math.round(GATE.tailS.value * sampleRate);
    this.weakGap = Math.round(GATE.weakGapS.value * sampleRate);
    this.warmup = Math.round(GATE.warmupS.value * sampleRate);
    this.maxSegment = Math.round(maxSwipeS * sampleRate) + this.preRoll + this.hangover;
    const hist = Math.ceil(this.preRoll / this.blockLen) + 1;
    this.histPeak = new Float32Array(hist);
    this.histRms = new Float32Array(hist);
  }

  /** True while a segment is open (not yet decoded). */
  get open(): boolean {
    return this.state === ACTIVE;
  }

  /** The noise floor RMS in the detector's band (for tests and diagnostics). */
  get noiseFloor(): number {
    return this.floor;
  }

  reset(): void {
    this.segStart = this.segEnd = 0;
    this.histPos = this.histCount = 0;
    this.floor = 0;
    this.state = IDLE;
    this.lastRaisedEnd = this.lastSegEnd = 0;
    this.lastRaisedNoise = false;
    this.lastWeakEnd = 0;
    this.whiteRun = this.whiteStart = this.whiteMin = 0;
    this.minRms = this.minSince = 0;
  }

  /**
   * One block of the detector output ending at absolute sample `end`: its
   * peak, RMS and `hf`, the energy of its first difference over its energy.
   */
  block(peak: number, rms: number, hf: number, end: number): GateEvent {
    if (this.floor === 0) this.floor = Math.max(GATE.floorMin.value, rms);
    const floor = this.floor;
    const raised = peak > GATE.sustain.value * floor;
    // A loud block that is white noise: the noise itself stepped up (contact noise of a card on the head,
    // or a recording that carries its own noise). Quiet audio on the other side of that step must not
    // reach the segment decoder, whose noise estimate is a low percentile of the segment.
    const noiseStep = rms > GATE.stepRms.value * floor && hf > GATE.whiteHf.value;
    let event: GateEvent = GateEvent.none;
    if (this.state === IDLE) {
      if (peak > GATE.start.value * floor) {
        this.state = ACTIVE;
        const trigger = end - this.blockLen;
        const onset = this.onset(end);
        const lead = onset === trigger && noiseStep ? 0 : this.lead;
        this.segStart = Math.max(onset - lead, trigger - this.preRoll, this.lastSegEnd, 0);
        this.lastRaisedEnd = end;
        this.lastRaisedNoise = noiseStep;
        this.lastWeakEnd = end;
        this.whiteRun = 0;
        this.minRms = rms;
        this.minSince = end;
        event = GateEvent.start;
      } else {
        const fall = end <= this.warmup ? 1 : GATE.floorFall.value;
        const f = rms < floor ? floor + fall * (rms - floor) : floor * GATE.floorRise.value;
        this.floor = f < GATE.floorMin.value ? GATE.floorMin.value : f;
      }
    } else {
      if (raised) {
        this.lastRaisedEnd = end;
        this.lastRaisedNoise = noiseStep;
        this.lastWeakEnd = end;
      } else if (peak > GATE.onsetPeak.value * floor || rms > GATE.onsetRms.value * floor) {
        // The slow, quiet end of a decelerating swipe (amplitude ∝ speed): the mirror of the walk back.
        this.lastWeakEnd = end;
      }
      if (rms < this.minRms) this.minRms = rms;
      if (this.state === ACTIVE) {
        if (noiseStep) {
          if (this.whiteRun === 0) {
            this.whiteStart = end - this.blockLen;
            this.whiteMin = rms;
          } else if (rms < this.whiteMin) {
            this.whiteMin = rms;
          }
          this.whiteRun += this.blockLen;
        } else {
          this.whiteRun = 0;
        }
        if (this.whiteRun >= this.hangover) {
          // A hangover's worth of loud white noise and no pulses: the noise floor itself moved (a louder
          // room, or the next recording's own noise). End the swipe where the plateau began (plus a tail of
          // that noise as the decoder's reference) and learn the plateau as the new floor.
          this.segEnd = Math.min(end, Math.max(this.segStart, this.whiteStart + this.tail));
          this.lastSegEnd = this.segEnd;
          this.floor = this.whiteMin;
          this.state = IDLE;
          this.whiteRun = 0;
          event = GateEvent.end;
        } else if (end - this.segStart >= this.maxSegment) {
          this.segEnd = end;
          this.state = OVERFLOW;
          this.relearn(end);
          event = GateEvent.overflow;
        } else if (end - this.lastRaisedEnd >= this.hangover && end - this.lastWeakEnd >= this.weakGap) {
          this.segEnd = this.tailEnd(end);
          this.lastSegEnd = this.segEnd;
          this.state = IDLE;
          event = GateEvent.end;
        }
      } else if (end - this.lastRaisedEnd >= this.hangover) {
        this.lastSegEnd = end;
        this.state = IDLE;
      } else if (end - this.minSince >= this.maxSegment) {
        this.relearn(end);
      }
    }
    this.histPeak[this.histPos] = peak;
    this.histRms[this.histPos] = rms;
    if (++this.histPos === this.histPeak.length) this.histPos = 0;
    if (this.histCount < this.histPeak.length) this.histCount++;
    return event;
  }

  /**
   * Closes an open segment at `end` (the stream ended): its bounds become
   * [segStart, segEnd). Returns false when no segment was open.
   */
  close(end: number): boolean {
    if (this.state !== ACTIVE) return false;
    this.segEnd = this.tailEnd(end);
    this.lastSegEnd = this.segEnd;
    this.state = IDLE;
    return true;
  }

  private tailEnd(end: number): number {
    if (this.lastWeakEnd > this.lastRaisedEnd) return Math.min(end, this.lastWeakEnd + this.tail);
    return Math.min(end, this.lastRaisedEnd + (this.lastRaisedNoise ? 0 : this.tail));
  }

  /**
   * Start of the earliest raised block before the trigger block (which ends at
   * `end`), walking back over at most `walkBackGap` quiet blocks at a time.
   */
  private onset(end: number): number {
    const n = this.histPeak.length;
    const floor = this.floor;
    let onset = end - this.blockLen;
    let gap = 0;
    for (let k = 1; k <= this.histCount; k++) {
      const h = (this.histPos - k + n) % n;
      if (this.histPeak[h]! > GATE.onsetPeak.value * floor || this.histRms[h]! > GATE.onsetRms.value * floor) {
        onset = end - (k + 1) * this.blockLen;
        gap = 0;
      } else if (++gap > GATE.walkBackGap.value) {
        break;
      }
    }
    return onset;
  }

  /**
   * Activity has lasted longer than any swipe: the "activity" is the noise
   * itself (it stepped up while the gate was open). Its quietest block is the
   * new floor.
   */
  private relearn(end: number): void {
    if (this.minRms > this.floor) this.floor = this.minRms;
    this.minRms = Number.POSITIVE_INFINITY;
    this.minSince = end;
  }
}
